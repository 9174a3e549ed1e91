#include "template_protection.h"

#include <cmath>

#include <fmt/format.h>

#include "biohash.h"
#include "face_template.h"
#include "request_error.h"

namespace facecert::refdev {
namespace {

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

}  // namespace

DeviceTemplate TemplateProtection::make(const cv::Mat& face, const std::string& key_id) const {
  const std::string id = key_id.empty() ? keys_.default_key_id() : key_id;
  // Both kinds check the key: the flaw keeps the bookkeeping, it only does not use the secret.
  const auto secret = keys_.secret(id);
  if (!secret) {
    if (keys_.state(id) == TemplateKeyStore::State::Revoked)
      throw RequestError(410, "keyRevoked", fmt::format("template key '{}' has been revoked", id));
    throw RequestError(404, "noSuchKey", fmt::format("no template key '{}'", id));
  }
  DeviceTemplate t;
  t.key_id = id;
  if (protect_) {
    t.algorithm = kBiohashAlgorithm;
    t.dims = kBiohashBits;
    t.encoding = "bits";
    t.bits = biohash(protection_features(face), *secret);
  } else {  // flaw raw-templates: the key is not used
    t.algorithm = kTemplateAlgorithm;
    t.dims = kTemplateDims;
    t.encoding = "float32";
    t.values = face_template(face, raw_seed_);
  }
  return t;
}

void TemplateProtection::check_kind(const DeviceTemplate& t, const char* which) const {
  const bool ok = protect_ ? t.encoding == "bits" && t.algorithm == kBiohashAlgorithm &&
                                 t.dims == static_cast<std::size_t>(kBiohashBits) &&
                                 t.bits.size() == kBiohashBits / 8
                           : t.encoding == "float32" && t.algorithm == kTemplateAlgorithm &&
                                 t.values.size() == static_cast<std::size_t>(kTemplateDims);
  if (!ok)
    throw RequestError(400, "badParameters",
                       fmt::format("template {} is not a {} template of this device ({} {}, {} dims)",
                                   which, protect_ ? kBiohashAlgorithm : kTemplateAlgorithm,
                                   t.algorithm, t.encoding, t.dims));
}

TemplateMatch TemplateProtection::compare(const DeviceTemplate& a, const DeviceTemplate& b) const {
  check_kind(a, "A");
  check_kind(b, "B");
  TemplateMatch m;
  if (!protect_) {  // flaw raw-templates: keys and revocation ignored
    m.score_type = "cosine";
    m.threshold = kRawCosineMatch;
    m.score = cosine(a.values, b.values);
    m.match = m.score >= m.threshold;
    return m;
  }
  m.score_type = "bitSimilarity";
  m.threshold = kBiohashMatchSimilarity;
  // 6.1.3 renewability: a revoked key's templates are never matched again.
  for (const auto* t : {&a, &b})
    if (keys_.state(t->key_id) != TemplateKeyStore::State::Active) {
      m.detail = fmt::format("template key '{}' is {}: its templates are not matched", t->key_id,
                             keys_.state(t->key_id) == TemplateKeyStore::State::Revoked ? "revoked" : "unknown");
      return m;
    }
  m.score = bit_similarity(a.bits, b.bits);
  m.match = m.score >= m.threshold;
  return m;
}

}  // namespace facecert::refdev
