#pragma once
// rampart:begin(sqlite)
// database.url: which store to use and where. SQLite is fully handled here.
// rampart:else
// // database.url: the PostgreSQL server to use (there is no default, and no SQLite).
// rampart:end
// A PostgreSQL URL is only checked for shape (libpq parses it for real when the PostgreSQL  // rampart:only(postgres)
// adapter connects).  // rampart:only(postgres)
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace rampart::config {

struct DatabaseUrl {
  // rampart:begin(sqlite)
  bool is_sqlite = false;
  std::filesystem::path sqlite_path;  // when is_sqlite; relative paths are from the working dir
  // rampart:end
};

// ParseDatabaseUrl accepts "sqlite://<path>" ("sqlite://data/x.db", "sqlite:///abs/x.db").  // rampart:only(sqlite)
// And "postgresql://[user[:password]@][host[:port][,...]][/dbname][?key=value&...]" (or  // rampart:only(postgres)
// "postgres://").  // rampart:only(postgres)
// The error never contains the URL, which may carry a password.
std::expected<DatabaseUrl, std::string> ParseDatabaseUrl(std::string_view url);

// rampart:begin(postgres)
// DatabaseUrlFromSecret returns a database secret in the JSON shape of the AWS rotation functions
// and RDS (`{"engine":"postgres","host":..,"port":5432,"username":..,"password":..,"dbname":..}`)
// as a PostgreSQL URL (user and password percent-encoded; port 5432 and dbname `postgres` when
// absent); `text` as it is when it is not a JSON object. The error never contains a value.
std::expected<std::string, std::string> DatabaseUrlFromSecret(std::string_view text);

// WithPassword: `url` with `password` as its password (a `password=` parameter, percent-encoded,
// which libpq applies over the URL's own); `url` as it is when `password` is empty.
std::string WithPassword(std::string_view url, std::string_view password);
// rampart:end

// rampart:begin(sqlite)
// DefaultSqliteUrl returns the embedded default: "sqlite://<data_dir>/rampart.db".
std::string DefaultSqliteUrl(const std::filesystem::path& data_dir);
// rampart:end

// MaskUrlPassword returns the URL with its password, and any `password=` query parameter, replaced
// by "********". Errs on the side of masking too much when the URL is malformed.
std::string MaskUrlPassword(std::string_view url);

}  // namespace rampart::config
