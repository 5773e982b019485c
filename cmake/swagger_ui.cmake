# Swagger UI for GET /docs, embedded into the binary (it must work offline and behind our CSP,
# so nothing is loaded from a CDN). The npm package swagger-ui-dist is fetched at build time with
# `npm pack` (by name and pinned version, through npm's own cache) into the build directory,
# checked against a pinned SHA-256, unpacked, and the few files /docs serves are linked into the
# binary with the assembler's .incbin (no multi-megabyte C array to compile).
#
# -DRAMPART_SWAGGER_UI=OFF builds without it (no npm needed); /docs is then not served.
option(RAMPART_SWAGGER_UI "Embed Swagger UI (npm swagger-ui-dist) for GET /docs" ON)

set(SWAGGER_UI_VERSION 5.32.0)
set(SWAGGER_UI_SHA256 3c30bfe83d09763d14b4c88df0beade8ca162087a2fa5db3f34472f231ab3ba9)
# The files /docs serves: the bundle (React app), its stylesheet and the favicon. Our own HTML
# page and initializer script live in src/api/endpoints/docs.cpp.
set(SWAGGER_UI_FILES swagger-ui-bundle.js swagger-ui.css favicon-32x32.png LICENSE)

set(SWAGGER_UI_GENERATED ${CMAKE_CURRENT_BINARY_DIR}/generated/swagger_ui_assets.cpp)

if(RAMPART_SWAGGER_UI)
  find_program(NPM npm)
  if(NOT NPM)
    message(FATAL_ERROR "npm is needed to fetch swagger-ui-dist for GET /docs "
                        "(apt-get install npm), or configure with -DRAMPART_SWAGGER_UI=OFF")
  endif()
  set(SWAGGER_UI_DIR ${CMAKE_CURRENT_BINARY_DIR}/swagger-ui-${SWAGGER_UI_VERSION})
  set(SWAGGER_UI_OUTPUTS "")
  foreach(name ${SWAGGER_UI_FILES})
    list(APPEND SWAGGER_UI_OUTPUTS ${SWAGGER_UI_DIR}/package/${name})
  endforeach()
  string(REPLACE ";" "," SWAGGER_UI_FILE_LIST "${SWAGGER_UI_FILES}")
  add_custom_command(OUTPUT ${SWAGGER_UI_OUTPUTS}
    COMMAND ${CMAKE_COMMAND} -DNPM=${NPM} -DVERSION=${SWAGGER_UI_VERSION}
            -DSHA256=${SWAGGER_UI_SHA256} -DDIR=${SWAGGER_UI_DIR} -DFILES=${SWAGGER_UI_FILE_LIST}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/fetch_swagger_ui.cmake
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cmake/fetch_swagger_ui.cmake
    COMMENT "Fetching swagger-ui-dist ${SWAGGER_UI_VERSION} (npm pack, SHA-256 checked)")
  add_custom_command(OUTPUT ${SWAGGER_UI_GENERATED}
    COMMAND ${CMAKE_COMMAND} -DOUT=${SWAGGER_UI_GENERATED} -DVERSION=${SWAGGER_UI_VERSION}
            -DDIR=${SWAGGER_UI_DIR}/package -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_swagger_ui.cmake
    DEPENDS ${SWAGGER_UI_OUTPUTS} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_swagger_ui.cmake
    COMMENT "Embedding Swagger UI")
  # .incbin reads the files when the generated source is assembled: rebuild it when they change.
  set_source_files_properties(${SWAGGER_UI_GENERATED} PROPERTIES OBJECT_DEPENDS "${SWAGGER_UI_OUTPUTS}")
else()
  add_custom_command(OUTPUT ${SWAGGER_UI_GENERATED}
    COMMAND ${CMAKE_COMMAND} -DOUT=${SWAGGER_UI_GENERATED} -DVERSION= -DDIR=
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_swagger_ui.cmake
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_swagger_ui.cmake
    COMMENT "Building without Swagger UI")
endif()
