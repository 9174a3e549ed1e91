// Identity data in clear text (clause 7.0): GB 11643 resident ID numbers (check character and
// birth date validated) and mainland mobile numbers. Only masked forms ever leave this file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace facecert::probes::detectors {

struct IdentityMatch {
  std::string type;    // "resident-id" | "mobile"
  std::string masked;  // 1101**********002X / 138****1234
  std::size_t offset = 0, length = 0;  // in the text
};

// ISO 7064 MOD 11-2 check character of the first 17 digits ('0'..'9' or 'X').
char gb11643_check_char(std::string_view first17);
bool valid_resident_id(std::string_view id18);
std::vector<IdentityMatch> find_identity_numbers(std::string_view text);
// `text` with every ID/mobile number masked (for echoing targets and paths).
std::string mask_identity(std::string_view text);

}  // namespace facecert::probes::detectors
