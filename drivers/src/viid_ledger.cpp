#include "viid_ledger.h"

#include <algorithm>
#include <tuple>

namespace facecert::drivers::viid {

Ledger::Ledger() : started_(std::chrono::steady_clock::now()) {}

int Ledger::next_request() {
  std::lock_guard lock(mu_);
  return ++requests_;
}

ViidDeviceSummary& Ledger::device(const std::string& id) {
  auto& d = devices_[id];
  d.device_id = id;
  return d;
}

void Ledger::registered(const std::string& id) {
  std::lock_guard lock(mu_);
  auto& d = device(id);
  d.registered = true;
  ++d.registrations;
}

void Ledger::unregistered(const std::string& id) {
  std::lock_guard lock(mu_);
  auto& d = device(id);
  d.registered = false;
  ++d.unregistrations;
}

bool Ledger::keepalive(const std::string& id) {
  std::lock_guard lock(mu_);
  auto& d = device(id);
  if (!d.registered) return false;
  ++d.keepalives;
  return true;
}

bool Ledger::is_registered(const std::string& id) const {
  std::lock_guard lock(mu_);
  const auto it = devices_.find(id);
  return it != devices_.end() && it->second.registered;
}

void Ledger::refused_push(const std::string& id) {
  std::lock_guard lock(mu_);
  ++device(id).refused_pushes;
  ++pushes_;
}

void Ledger::unreadable_push(const std::string& id) {
  std::lock_guard lock(mu_);
  ++pushes_;
  push_times_.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  if (!id.empty()) ++device(id).face_pushes;
}

void Ledger::push(const std::string& sender, const std::string& request, const CheckedPush& checked) {
  std::lock_guard lock(mu_);
  ++pushes_;
  if (checked.well_formed()) ++well_formed_;
  push_times_.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  const auto owner = [&](const std::string& object_device) -> ViidDeviceSummary& {
    return device(!sender.empty() ? sender : object_device);
  };
  const std::string first = !checked.faces.empty()    ? checked.faces.front().facts.device_id
                            : !checked.images.empty() ? checked.images.front().device_id
                                                      : "";
  auto& counted = owner(first);
  if (!checked.faces.empty() || checked.images.empty()) ++counted.face_pushes;
  if (!checked.images.empty()) ++counted.image_pushes;
  for (const auto& p : checked.body_problems) {
    counted.problems.push_back(p.path + ": " + p.message);
    problems_.push_back({counted.device_id, request, p.path, p.message});
  }
  for (const auto& face : checked.faces) {
    auto& d = owner(face.facts.device_id);
    d.faces.push_back(face.facts);
    for (const auto& p : face.problems) {
      d.problems.push_back(p.path + ": " + p.message);
      problems_.push_back({d.device_id, request, p.path, p.message});
    }
  }
  for (const auto& image : checked.images) {
    auto& d = owner(image.device_id);
    d.images.push_back(image.facts);
    for (const auto& p : image.problems) {
      d.problems.push_back(p.path + ": " + p.message);
      problems_.push_back({d.device_id, request, p.path, p.message});
    }
  }
}

void Ledger::problem(const std::string& id, const std::string& request, const std::string& path,
                     const std::string& message) {
  std::lock_guard lock(mu_);
  auto& d = device(id);
  d.problems.push_back(path.empty() ? message : path + ": " + message);
  problems_.push_back({id, request, path, message});
}

ViidSummary Ledger::summary() const {
  std::lock_guard lock(mu_);
  ViidSummary s;
  s.requests = requests_;
  s.pushes = pushes_;
  s.well_formed_pushes = well_formed_;
  s.devices = devices_;
  s.problems = problems_;
  s.dedup = dedup_figures(devices_, push_times_);
  return s;
}

ViidDedupFigures dedup_figures(const std::map<std::string, ViidDeviceSummary>& devices,
                               std::vector<double> push_times) {
  ViidDedupFigures out;
  std::map<std::tuple<std::string, std::string, std::string>, ViidAppearance> spans;
  for (const auto& [id, d] : devices)
    for (const auto& face : d.faces) {
      if (face.appear_time.empty() || face.disappear_time.empty()) continue;
      auto& a = spans[{face.device_id.empty() ? id : face.device_id, face.appear_time, face.disappear_time}];
      a.device_id = face.device_id.empty() ? id : face.device_id;
      a.appear_time = face.appear_time;
      a.disappear_time = face.disappear_time;
      ++a.face_objects;
      // Type 11 is the face close-up (人脸特写图); scene images (14) and others are not face images.
      for (const auto& img : face.sub_images) a.face_images += img.type == "11" || img.type.empty();
    }
  int total = 0;
  for (auto& [key, a] : spans) {
    out.max_face_images_per_appearance = std::max(out.max_face_images_per_appearance, a.face_images);
    total += a.face_images;
    out.appearances.push_back(std::move(a));
  }
  if (!out.appearances.empty())
    out.mean_face_images_per_appearance = static_cast<double>(total) / out.appearances.size();
  std::sort(push_times.begin(), push_times.end());
  for (std::size_t i = 0, j = 0; i < push_times.size(); ++i) {
    while (push_times[i] - push_times[j] >= 1.0) ++j;
    out.max_pushes_in_one_second = std::max(out.max_pushes_in_one_second, static_cast<int>(i - j + 1));
  }
  if (push_times.size() >= 2 && push_times.back() > push_times.front())
    out.mean_pushes_per_second = (push_times.size() - 1) / (push_times.back() - push_times.front());
  return out;
}

}  // namespace facecert::drivers::viid
