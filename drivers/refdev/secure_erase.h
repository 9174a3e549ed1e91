// Deleting a file so that nothing of it can be carved from the storage afterwards (6.1.2, 6.1.5):
// its bytes are overwritten with zeros of the same length and flushed (fsync) before the name is
// unlinked, and the folder is flushed after. The flaw unlink-only only unlinks.
// On an in-place file system (ext4, xfs) the overwrite reaches the blocks that held the data; a
// copy-on-write or flash-translated medium may still keep old blocks (a limit, not a promise).
#pragma once

#include <filesystem>

namespace facecert::refdev {

enum class EraseMode { OverwriteThenUnlink, UnlinkOnly };

// Throws std::runtime_error naming the file when it cannot be overwritten or removed; a file
// that is already gone is not an error.
void erase_file(const std::filesystem::path& file, EraseMode mode);

}  // namespace facecert::refdev
