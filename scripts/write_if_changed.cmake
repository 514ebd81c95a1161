# reoffsim — write_if_changed(FILE TEXT): write TEXT to FILE only when it differs from what is
# there, so a generated header that did not change triggers no rebuild. Included by the scripts
# that generate headers at build time (git_commit.cmake, source_hash.cmake).
function(write_if_changed file text)
  set(old "")
  if(EXISTS ${file})
    file(READ ${file} old)
  endif()
  if(NOT old STREQUAL text)
    file(WRITE ${file} "${text}")
  endif()
endfunction()
