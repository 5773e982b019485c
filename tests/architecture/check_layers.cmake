# Fails when a layer includes what it must not know (STYLE.md, SPEC §1):
#   domain       standard library and domain/ only
#   telemetry    standard library and telemetry/ only (the tracing/metrics API)
#   application  + application/ and telemetry/; no Boost.Beast/Asio, libpq, sqlite, hiredis,
#                OpenSSL, sodium
#   infrastructure, api: never each other, never main/
#   api/http ← api/middleware ← api/server: each includes only the ones before it
#   adapters     never another adapter (below)
# Usage: cmake -DROOT=<repo> -P check_layers.cmake
cmake_minimum_required(VERSION 3.25)
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

# Adapters do not include other adapters. A folder of src/infrastructure is the one two levels
# down where there is one (persistence/sqlite, cache/redis, messaging/smtp), else one level
# (security, qr; files directly in persistence/ are the folder `persistence`). Every folder is an
# adapter except the shared infrastructure below: building blocks with no port behind them,
# which any folder of src/infrastructure may include. What two adapters share moves to a shared
# folder; what one adapter needs of another goes through an application port, wired in main/.
# A shared folder includes only shared folders too. Tests (*_test.cpp, *test_support.hpp,
# *_harness.hpp) compose adapters and are exempt.
#   http            outgoing HTTP(S): the client, per-dependency policies
#   resilience      backoff, circuit breaker, bulkheads, retry budget
#   aws             SigV4, the credential chain, the AWS JSON protocol client
#   redis           the Redis client: connections, RESP codec, scripts, URL
#   sqlite          the SQLite connection, queries and errors
#   persistence     migrations and the permission list shared by the two databases
#   messaging/mail  the mail message on the queue and its RFC 5322 text
set(shared_infrastructure http resilience aws redis sqlite persistence messaging/mail)

# The folder of `path` (relative to src/infrastructure) in `out`.
function(infrastructure_folder path out)
  string(REPLACE "/" ";" parts "${path}")
  list(LENGTH parts depth)
  list(GET parts 0 folder)
  if(depth GREATER 2)
    list(GET parts 1 second)
    set(folder "${folder}/${second}")
  endif()
  set(${out} "${folder}" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE files RELATIVE ${ROOT}/src/infrastructure
  ${ROOT}/src/infrastructure/*.hpp ${ROOT}/src/infrastructure/*.cpp)
list(FILTER files EXCLUDE REGEX "(_test\\.cpp|test_support\\.hpp|_harness\\.hpp)$")
foreach(f ${files})
  infrastructure_folder("${f}" from)
  file(STRINGS ${ROOT}/src/infrastructure/${f} includes
    REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]infrastructure/")
  foreach(line ${includes})
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]infrastructure/([^>\"]+)[>\"].*$" "\\1"
      header "${line}")
    infrastructure_folder("${header}" to)
    if(NOT to STREQUAL from AND NOT to IN_LIST shared_infrastructure)
      set(failures "${failures}\n  src/infrastructure/${f}: includes <infrastructure/${header}>: \
${from} may include only itself and the shared infrastructure, not the adapter ${to}")
    endif()
  endforeach()
endforeach()

if(failures)
  message(FATAL_ERROR "Layering violations:${failures}")
endif()
message(STATUS "layering: ok")
