// A GA/T 1400 view-library (视图库) receiver: facecert plays the upper-level view library that
// face-capture analysis devices register with (Digest) and push faces and images to. Every push is
// validated (required fields, 14-digit times, base64 image data with image magic bytes, appearance
// order, registered DeviceID) and summarised per device, with the de-duplication figures of 6.2.2
// (face images per appearance, pushes per second). Received images are hashed and measured, never
// kept: only sizes and SHA-256 reach the summary. docs/viid-receiver.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace facecert::drivers {

struct ViidOptions {
  std::string listen = "127.0.0.1";
  unsigned short port = 0;  // 0: an ephemeral port, see ViidReceiver::port()
  bool tls = true;          // false: plain HTTP (only when asked)
  std::string cert_file, key_file;  // empty: a self-signed certificate made in memory at start
  std::string user = "viid";
  std::string password;             // empty: registration is accepted without Digest
  std::string server_id = "31000000005030000001";  // VIIDServerID in /VIID/System/Time
  // Called (from a server thread) for each registration, push and problem: one line each.
  std::function<void(const std::string&)> on_event;
};

// One thing wrong with what a device sent. `path` names the object and field, e.g.
// FaceListObject.FaceObject[2].SubImageList.SubImageInfoObject[0].ShotTime.
struct ViidProblem {
  std::string device_id;  // sender as far as known ("" when unknown)
  std::string request;    // e.g. "POST /VIID/Faces #3"
  std::string path;       // "" for the body as a whole
  std::string message;
  std::string text() const;  // "path: message" (or the message alone)
};

struct ViidImageFacts {
  std::string image_id, type, file_format, shot_time;
  std::string detected_format;  // from the magic bytes: jpeg, png, bmp, gif or "" (not an image)
  std::size_t bytes = 0;        // decoded size
  std::string sha256;           // of the decoded bytes
  int width = 0, height = 0;    // as declared by the device
};

struct ViidFaceFacts {
  std::string face_id, device_id, appear_time, disappear_time, shot_time;
  std::vector<ViidImageFacts> sub_images;
  std::vector<std::string> problems;  // problem texts of this object
};

struct ViidDeviceSummary {
  std::string device_id;
  bool registered = false;          // currently registered
  int registrations = 0, unregistrations = 0, keepalives = 0;
  int face_pushes = 0, image_pushes = 0, refused_pushes = 0;  // refused: sent while not registered
  std::vector<ViidFaceFacts> faces;
  std::vector<ViidImageFacts> images;
  std::vector<std::string> problems;
};

// 6.2.2: one appearance = one device's FaceAppearTime..FaceDisAppearTime span.
struct ViidAppearance {
  std::string device_id, appear_time, disappear_time;
  int face_objects = 0, face_images = 0;  // face images: sub-images of Type 11 (or untyped)
};

struct ViidDedupFigures {
  std::vector<ViidAppearance> appearances;
  int max_face_images_per_appearance = 0;
  double mean_face_images_per_appearance = 0.0;
  int max_pushes_in_one_second = 0;   // face and image pushes within any 1 s window
  double mean_pushes_per_second = 0.0;  // over first..last push (0 with fewer than two pushes)
};

struct ViidSummary {
  std::string url;
  bool tls = true, digest_required = true;
  int requests = 0, pushes = 0, well_formed_pushes = 0;
  std::map<std::string, ViidDeviceSummary> devices;
  std::vector<ViidProblem> problems;
  ViidDedupFigures dedup;
  nlohmann::json to_json() const;
};

class ViidReceiver {
 public:
  explicit ViidReceiver(ViidOptions options);
  ~ViidReceiver();
  ViidReceiver(const ViidReceiver&) = delete;
  ViidReceiver& operator=(const ViidReceiver&) = delete;

  // Binds, listens and starts serving on background threads. Throws std::runtime_error naming the
  // address, certificate or key on failure.
  void start();
  unsigned short port() const;
  std::string url() const;  // https://127.0.0.1:PORT (http:// without TLS)
  void stop();              // idempotent; also done by the destructor
  ViidSummary snapshot() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace facecert::drivers
