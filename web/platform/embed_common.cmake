# What web/platform/embed_labs.cmake and web/platform/embed_scenarios.cmake share: a file as a C++ byte
# array, and writing the generated source only when it changed.

# Appends to ${body_var} `constexpr char k<index>[] = {...};` holding the bytes of @p path
# and a terminating 0; sets ${size_var} to the file's size. Byte arrays, so no raw-string
# delimiter can clash with the contents.
function(embed_file_bytes path index body_var size_var)
  file(READ "${path}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR size "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  set(${body_var} "${${body_var}}constexpr char k${index}[] = {\n    ${bytes}0x00};\n" PARENT_SCOPE)
  set(${size_var} ${size} PARENT_SCOPE)
endfunction()

# Writes @p text to @p output only if it differs, so the build does not recompile it needlessly.
function(write_if_changed output text)
  if(EXISTS "${output}")
    file(READ "${output}" old)
    if(old STREQUAL text)
      return()
    endif()
  endif()
  file(WRITE "${output}" "${text}")
endfunction()
