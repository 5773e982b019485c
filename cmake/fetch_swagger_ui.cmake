# Fetches swagger-ui-dist@VERSION with `npm pack` into DIR, refuses it unless its SHA-256 is
# SHA256, and unpacks FILES (comma-separated) into DIR/package. See cmake/swagger_ui.cmake.
string(REPLACE "," ";" FILES "${FILES}")
file(MAKE_DIRECTORY ${DIR})
set(tarball ${DIR}/swagger-ui-dist-${VERSION}.tgz)
if(EXISTS ${tarball})
  file(SHA256 ${tarball} actual)
  if(NOT actual STREQUAL SHA256)
    file(REMOVE ${tarball})
  endif()
endif()
if(NOT EXISTS ${tarball})
  execute_process(COMMAND ${NPM} pack swagger-ui-dist@${VERSION} --pack-destination ${DIR}
                          --silent --ignore-scripts
    WORKING_DIRECTORY ${DIR} RESULT_VARIABLE failed OUTPUT_QUIET ERROR_VARIABLE error)
  if(failed OR NOT EXISTS ${tarball})
    message(FATAL_ERROR "npm pack swagger-ui-dist@${VERSION} failed: ${error}\n"
                        "(the npm registry must be reachable once; or -DRAMPART_SWAGGER_UI=OFF)")
  endif()
endif()
file(SHA256 ${tarball} actual)
if(NOT actual STREQUAL SHA256)
  file(REMOVE ${tarball})
  message(FATAL_ERROR "swagger-ui-dist-${VERSION}.tgz has SHA-256 ${actual}, expected ${SHA256}")
endif()
set(members "")
foreach(name ${FILES})
  list(APPEND members package/${name})
endforeach()
file(REMOVE_RECURSE ${DIR}/package)
execute_process(COMMAND ${CMAKE_COMMAND} -E tar xzf ${tarball} ${members}
  WORKING_DIRECTORY ${DIR} RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "cannot unpack ${members} from ${tarball}")
endif()
# The unpacked files keep the tarball's 1985 timestamps: touch them so the build sees them new.
foreach(member ${members})
  file(TOUCH ${DIR}/${member})
endforeach()
