// Chooses the next flow so that each traffic class gets its share of the capture's bytes, and
// builds it: addresses (IPv4, some IPv6, some 802.1Q tags), ports and the application messages.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "image_pool.h"
#include "rng.h"
#include "tcp_flow.h"

namespace facecert::capgen {

enum Category { kTls13, kTls12, kJsonApi, kFaceImages, kOtherImages, kCategoryCount };
const char* category_name(int c);

// Tls: TLS bulk and a JSON API. Faces: 10% face images over plain HTTP and 5% other images (near
// misses: a face search of the whole image each, the costliest kind to screen). FacesOnly: the
// capture issue 4's faces target names, 10% face images and no other image.
enum class Mix { Tls, Faces, FacesOnly };

class FlowFactory {
 public:
  FlowFactory(Mix mix, std::uint64_t seed, ImagePool& images);
  // `written`: bytes already in the file per class. Classes are chosen so that the written bytes
  // follow the shares (feedback: long flows cut at the end of the capture would otherwise make
  // short ones over-represented); before anything is written, by the bytes planned.
  std::unique_ptr<TcpFlow> next(std::uint64_t now_s, const std::array<std::uint64_t, kCategoryCount>& written);
  std::array<double, kCategoryCount> shares() const { return share_; }

 private:
  int pick_category(const std::array<std::uint64_t, kCategoryCount>& written);
  FlowSpec endpoints(bool plain_http);
  void tls13(FlowSpec& s);
  void tls12(FlowSpec& s);
  void json_api(FlowSpec& s, std::uint64_t now_s);
  void face_images(FlowSpec& s, std::uint64_t now_s);
  void other_images(FlowSpec& s);
  std::uint64_t bulk_bytes();

  Mix mix_;
  Rng rng_;
  ImagePool& images_;
  std::string certificate_;
  std::array<double, kCategoryCount> share_{};
  std::array<double, kCategoryCount> planned_{};
  std::size_t next_face_ = 0, next_other_ = 0;
  std::uint64_t flows_ = 0;
};

}  // namespace facecert::capgen
