# gendoc.cmake - runs the built quotacase to write one generated document.
#
#   cmake -DQC=path/to/quotacase -DWORDS=debug,man -DOUT=file [-DGZIP=gzip] -P gendoc.cmake
#
# WORDS are the command's arguments, comma-separated (a ';' would be split
# by add_custom_command).  The output is written beside OUT and renamed, so
# a failed run leaves no half-written file for the install to pick up.  With
# GZIP it is compressed as Debian does (-9n: no name or time stamp inside,
# the same bytes on every build).
string(REPLACE "," ";" words "${WORDS}")
execute_process(COMMAND "${QC}" ${words} OUTPUT_FILE "${OUT}.part" ERROR_VARIABLE errors
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUT}.part")
  message(FATAL_ERROR "quotacase ${WORDS}: exit ${rc}: ${errors}")
endif()
if(errors)
  message(WARNING "quotacase ${WORDS}: ${errors}")
endif()
if(GZIP)
  execute_process(COMMAND "${GZIP}" -9n -c "${OUT}.part" OUTPUT_FILE "${OUT}.gz-part"
                  RESULT_VARIABLE rc)
  file(REMOVE "${OUT}.part")
  if(NOT rc EQUAL 0)
    file(REMOVE "${OUT}.gz-part")
    message(FATAL_ERROR "${GZIP} ${OUT}: exit ${rc}")
  endif()
  file(RENAME "${OUT}.gz-part" "${OUT}")
else()
  file(RENAME "${OUT}.part" "${OUT}")
endif()
