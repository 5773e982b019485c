#pragma once
// database.url: which store to use and where. SQLite is fully handled here; a PostgreSQL URL is
// only checked for shape (libpq parses it for real when the PostgreSQL adapter connects).
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace rampart::config {

struct DatabaseUrl {
  bool is_sqlite = false;
  std::filesystem::path sqlite_path;  // when is_sqlite; relative paths are from the working dir
};

/// Accepts "sqlite://<path>" ("sqlite://data/x.db", "sqlite:///abs/x.db") and
/// "postgresql://[user[:password]@][host[:port][,...]][/dbname][?key=value&...]" (or
/// "postgres://"). The error never contains the URL, which may carry a password.
std::expected<DatabaseUrl, std::string> ParseDatabaseUrl(std::string_view url);

/// The embedded default: "sqlite://<data_dir>/rampart.db".
std::string DefaultSqliteUrl(const std::filesystem::path& data_dir);

/// The URL with its password, and any `password=` query parameter, replaced by "********".
/// Errs on the side of masking too much when the URL is malformed.
std::string MaskUrlPassword(std::string_view url);

}  // namespace rampart::config
