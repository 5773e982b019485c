# Writes OUT: a C++ source holding every DIR/*.sql file as a (version, name, sql) entry, sorted
# by file name. File names are NNNN_description.sql.
file(GLOB files ${DIR}/*.sql)
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version ${name})
  math(EXPR version "${version}")
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"rampart_sql(${sql})rampart_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from ${DIR} by cmake/embed_migrations.cmake. Do not edit.
#include <span>
#include \"infrastructure/persistence/migration.hpp\"

namespace ${NAMESPACE} {
namespace {
const rampart::infrastructure::Migration kMigrations[] = {
${body}};
}  // namespace
std::span<const rampart::infrastructure::Migration> Migrations() { return kMigrations; }
}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
