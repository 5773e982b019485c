#pragma once
// The mail pickup directory's files: each written once, complete or not at all.
#include <filesystem>
#include <string_view>

namespace rampart::infrastructure::messaging {

// WriteFileOnce writes `content` to `directory/name` once: written to a temporary file, fsynced,
// then linked into place, so a reader never sees a partial file and two writers of the same name
// leave one file. False (and nothing changed) when the file exists already. Throws
// std::runtime_error on an I/O failure.
bool WriteFileOnce(const std::filesystem::path& directory, std::string_view name,
                   std::string_view content);

}  // namespace rampart::infrastructure::messaging
