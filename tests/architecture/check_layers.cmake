# Fails when a layer includes what it must not know (STYLE.md, SPEC §1):
#   domain       standard library and domain/ only
#   telemetry    standard library and telemetry/ only (the tracing/metrics API)
#   application  + application/ and telemetry/: no framework or driver header (Boost.Beast/Asio,
#                database and cache clients, OpenSSL, sodium)
#   infrastructure, api: never each other, never main/
#   api/http ← api/middleware ← api/server: each includes only the ones before it
# Usage: cmake -DROOT=<repo> -P check_layers.cmake
set(failures "")

function(check_layer dir allowed_regex forbidden_regex)
  file(GLOB_RECURSE files ${ROOT}/src/${dir}/*.hpp ${ROOT}/src/${dir}/*.cpp)
  list(FILTER files EXCLUDE REGEX "_test\\.cpp$")  # tests may include gtest and fakes
  foreach(f ${files})
    file(STRINGS ${f} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line ${includes})
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]+)[>\"].*$" "\\1" header "${line}")
      if(NOT header MATCHES "${allowed_regex}" OR header MATCHES "${forbidden_regex}")
        file(RELATIVE_PATH rel ${ROOT} ${f})
        set(failures "${failures}\n  ${rel}: includes <${header}>, not allowed in ${dir}")
        set(failures "${failures}" PARENT_SCOPE)
      endif()
    endforeach()
  endforeach()
endfunction()

# Standard library headers have no extension and no slash (plus the C compatibility headers).
set(std "^[a-z_0-9]+$")
check_layer(domain "(${std})|^domain/" "^$")
check_layer(telemetry "(${std})|^telemetry/" "^$")
check_layer(application "(${std})|^domain/|^application/|^telemetry/" "^$")
check_layer(common "." "^(domain|application|infrastructure|api|main)/")
check_layer(infrastructure "." "^(api|main)/")
check_layer(api "." "^(infrastructure|main)/")
# Inside api, inward only: http (types, problem+json, router) ← middleware ← server (Beast);
# endpoints and openapi build on all three, and none of those includes them.
check_layer(api/http "." "^(infrastructure|main|api/(middleware|server|endpoints|openapi))/")
check_layer(api/middleware "." "^(infrastructure|main|api/(server|endpoints|openapi))/")
check_layer(api/server "." "^(infrastructure|main|api/(endpoints|openapi))/")

if(failures)
  message(FATAL_ERROR "Layering violations:${failures}")
endif()
message(STATUS "layering: ok")
