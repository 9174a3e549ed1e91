// Templates as the device makes, exports and compares them (6.1.3).
// Compliant: a BioHash (biohash.h) of the face under a template key (template_key_store.h),
// encoding "bits"; comparison = the fraction of equal bits. A template whose key is revoked (or
// unknown) is never matched: compare() scores it 0, no match, and says why in `detail`; making a
// template under such a key is refused (404 noSuchKey / 410 keyRevoked).
// Flaw raw-templates: the keys are kept, listed and checked, but not used: the template is the
// unprotected feature vector (face_template(), encoding "float32"), the same under every key,
// compared by cosine, revocation or not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "template_key_store.h"

namespace facecert::refdev {

struct DeviceTemplate {
  std::string algorithm;
  std::size_t dims = 0;
  std::string encoding;             // "bits" (packed, MSB first) or "float32"
  std::string key_id;
  std::vector<std::uint8_t> bits;   // encoding "bits"
  std::vector<float> values;        // encoding "float32"
};

struct TemplateMatch {
  double score = 0;  // higher = more alike
  bool match = false;
  double threshold = 0;
  std::string score_type;  // "bitSimilarity" or "cosine"
  std::string detail;      // why there is no score (a revoked key), else empty
};

// Cosine similarity at which the unprotected vectors (flaw raw-templates) match. Calibrated with
// the BioHash threshold (tests/drivers/refdev_biohash_test.cpp): varied copies the recogniser
// accepts 0.85-0.94, astronaut against messi5 0.37-0.43.
inline constexpr double kRawCosineMatch = 0.70;

class TemplateProtection {
 public:
  // `protect` false: flaw raw-templates; `raw_seed`: template_seed() of the device.
  TemplateProtection(TemplateKeyStore& keys, bool protect, std::uint64_t raw_seed)
      : keys_(keys), protect_(protect), raw_seed_(raw_seed) {}

  // `face` normalised; `key_id` "" = the default key. Throws RequestError 404 / 410.
  DeviceTemplate make(const cv::Mat& face, const std::string& key_id) const;
  // Throws RequestError 400 when the templates are not of this device's kind.
  TemplateMatch compare(const DeviceTemplate& a, const DeviceTemplate& b) const;

 private:
  void check_kind(const DeviceTemplate& t, const char* which) const;
  TemplateKeyStore& keys_;
  bool protect_;
  std::uint64_t raw_seed_;
};

}  // namespace facecert::refdev
