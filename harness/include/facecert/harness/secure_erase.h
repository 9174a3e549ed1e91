// Best-effort secure deletion: a file's bytes are overwritten with zeros and synced before it is
// unlinked (as the reference device deletes face data). On journaling or copy-on-write file systems
// and SSDs old blocks may survive; labs that need more encrypt the disk (docs/evidence-integrity.md).
#pragma once

#include <filesystem>
#include <string>

namespace facecert::harness {

// Overwrites and removes one file. Returns "" on success, else what went wrong (the file is still
// removed when only the overwrite failed).
std::string secure_erase_file(const std::filesystem::path& file);

// Every regular file under dir overwritten and removed, then the tree. Returns the first problem, or "".
std::string secure_erase_tree(const std::filesystem::path& dir);

}  // namespace facecert::harness
