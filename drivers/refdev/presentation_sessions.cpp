#include "presentation_sessions.h"

#include <fmt/format.h>

#include "facecert/drivers/digest_auth.h"
#include "request_error.h"

namespace facecert::refdev {

void PresentationSessions::drop_idle() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = open_.begin(); it != open_.end();)
    it = now - it->second.last_touch > kIdle ? open_.erase(it) : std::next(it);
}

std::string PresentationSessions::open(std::string mode, std::string id_image) {
  std::lock_guard lock(mu_);
  drop_idle();
  if (open_.size() >= kMaxOpen)
    throw RequestError(503, "busy", fmt::format("{} presentations are already open", open_.size()));
  const std::string id = drivers::digest::random_hex(8);
  open_[id] = {std::move(mode), std::move(id_image), {}, std::chrono::steady_clock::now()};
  return id;
}

std::size_t PresentationSessions::add_frame(const std::string& id, std::string bytes, double t) {
  std::lock_guard lock(mu_);
  const auto it = open_.find(id);
  if (it == open_.end())
    throw RequestError(404, "noSuchPresentation", fmt::format("no open presentation '{}'", id));
  auto& p = it->second;
  if (p.frames.size() >= kMaxFrames)
    throw RequestError(413, "tooManyFrames", fmt::format("a presentation holds at most {} frames", kMaxFrames));
  if (!(t >= 0) || (!p.frames.empty() && t < p.frames.back().t))
    throw RequestError(400, "badParameters", fmt::format("frame time {} goes back or is negative", t));
  p.frames.push_back({std::move(bytes), t});
  p.last_touch = std::chrono::steady_clock::now();
  return p.frames.size();
}

Presentation PresentationSessions::close(const std::string& id) {
  std::lock_guard lock(mu_);
  const auto it = open_.find(id);
  if (it == open_.end())
    throw RequestError(404, "noSuchPresentation", fmt::format("no open presentation '{}'", id));
  Presentation p = std::move(it->second);
  open_.erase(it);
  return p;
}

}  // namespace facecert::refdev
