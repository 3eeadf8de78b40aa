# install.cmake - the manual page and the shell completions.
#
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
