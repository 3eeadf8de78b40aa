# install.cmake - what `cmake --install` puts where, and the Debian package.
#
# Paths follow GNUInstallDirs (CMAKE_INSTALL_PREFIX and DESTDIR apply); the
# completion directories are the ones Debian's bash-completion and zsh read.
# The manual page and the completions are written at build time by the
# built binary from its option tables (`quotacase debug man`, `debug
# completion bash|zsh`), so what is installed says what --help says.

set(QC_DOC_DIR ${CMAKE_BINARY_DIR}/doc)
file(MAKE_DIRECTORY ${QC_DOC_DIR})
# Debian compresses manual pages; without gzip the page is installed as is.
find_program(QC_GZIP gzip)
if(QC_GZIP)
  set(QC_MAN_NAME quotacase.1.gz)
else()
  set(QC_MAN_NAME quotacase.1)
  set(QC_GZIP "")
endif()

function(qc_gendoc out words gzip)
  add_custom_command(OUTPUT ${QC_DOC_DIR}/${out}
    COMMAND ${CMAKE_COMMAND} -DQC=$<TARGET_FILE:quotacase> -DWORDS=${words}
            -DOUT=${QC_DOC_DIR}/${out} -DGZIP=${gzip} -P ${CMAKE_SOURCE_DIR}/cmake/gendoc.cmake
    DEPENDS quotacase ${CMAKE_SOURCE_DIR}/cmake/gendoc.cmake
    COMMENT "Writing ${out} with quotacase ${words}" VERBATIM)
endfunction()
qc_gendoc(${QC_MAN_NAME} debug,man "${QC_GZIP}")
qc_gendoc(quotacase.bash debug,completion,bash "")
qc_gendoc(_quotacase debug,completion,zsh "")
add_custom_target(qc_docs ALL DEPENDS
  ${QC_DOC_DIR}/${QC_MAN_NAME} ${QC_DOC_DIR}/quotacase.bash ${QC_DOC_DIR}/_quotacase)

install(TARGETS quotacase RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${QC_DOC_DIR}/${QC_MAN_NAME} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${QC_DOC_DIR}/quotacase.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME quotacase)
install(FILES ${QC_DOC_DIR}/_quotacase DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
# What `quotacase demo` reads when there is no examples/ where it runs.
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/quotacase/examples)

# The Debian package: `cpack` in the build directory.  dpkg-shlibdeps
# (dpkg-dev) names the libraries the binary links as its Depends.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME quotacase)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "evidence for AWS quota increases from Bedrock throttling")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "evidence for AWS quota increases from Bedrock throttling\n\
quotacase gathers an application's throttling log lines, CloudWatch\n\
AWS/Bedrock metrics and Service Quotas values into a checksummed evidence\n\
directory, renders the support case from it, bundles and verifies it, and\n\
files the increase.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "quotacase developers")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  # The package always installs under /usr; the binary finds its examples
  # from where it is, but the manual page names the configured directory.
  message(STATUS "quotacase: for a Debian package configure with -DCMAKE_INSTALL_PREFIX=/usr")
endif()
include(CPack)
