# Runs `cmwq ARGS` from SOURCE_DIR and compares its standard output byte for byte with
# the file GOLDEN (MODE=check), or writes it there (MODE=update), or only requires that it
# exits with status STATUS (MODE=run, no GOLDEN). STATUS is 0 unless given (`cmwq diff`
# exits 1 when the runs differ).
# -DCMWQ=<binary> -DSOURCE_DIR=<repo> -DARGS=<a|b|c> -DGOLDEN=<file> -DOUT=<scratch file> [-DSTATUS=<n>]
string(REPLACE "|" ";" args "${ARGS}")
get_filename_component(out_dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${out_dir}")
execute_process(COMMAND "${CMWQ}" ${args}
  WORKING_DIRECTORY "${SOURCE_DIR}"
  OUTPUT_FILE "${OUT}"
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)
if(NOT DEFINED STATUS)
  set(STATUS 0)
endif()
if(NOT rc EQUAL STATUS)
  message(FATAL_ERROR "cmwq ${args} exited with ${rc}, not ${STATUS}:\n${err}")
endif()
if(MODE STREQUAL "run")
  return()
endif()
if(MODE STREQUAL "update")
  file(COPY_FILE "${OUT}" "${GOLDEN}" ONLY_IF_DIFFERENT)
  return()
endif()
if(NOT EXISTS "${GOLDEN}")
  message(FATAL_ERROR "No golden file ${GOLDEN}: run scripts/update-goldens, read the new file and commit it")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files "${GOLDEN}" "${OUT}" RESULT_VARIABLE differ)
if(differ)
  find_program(DIFF diff)
  if(DIFF)
    execute_process(COMMAND ${DIFF} -u "${GOLDEN}" "${OUT}" OUTPUT_VARIABLE d)
    string(SUBSTRING "${d}" 0 6000 d)
  endif()
  message(FATAL_ERROR "cmwq ${args}: output differs from ${GOLDEN}\n"
                      "(if the change is intended, run scripts/update-goldens and review the diff)\n${d}")
endif()
