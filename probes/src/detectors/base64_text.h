// Base64 found in text: standard or URL-safe alphabet, with or without padding, optionally after a
// `data:<type>;base64,` prefix. An image inside the decoded bytes is found at any byte offset by
// carving, so a payload that does not start on a 3-byte boundary (its `/9j/` shifted) still counts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace facecert::probes::detectors {

struct Base64Run {
  std::size_t offset = 0, length = 0;  // of the base64 characters in the text
  std::string media_type;              // from a data: URI prefix, else empty
  bool url_safe = false;
};

// Runs of at least `min_chars` base64 characters (whitespace/escaped newlines not allowed inside).
std::vector<Base64Run> find_base64_runs(std::string_view text, std::size_t min_chars = 64);

// Decodes `b64` (either alphabet, padding optional). Decodes from character `shift` (0..3): when a
// run was cut from a longer one, only one shift lines up with the 4-character groups.
std::optional<std::string> base64_decode(std::string_view b64, std::size_t shift = 0);

}  // namespace facecert::probes::detectors
