#include "facecert/harness/driver_validation.h"

#include <chrono>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/datasets/demo_media.h"
#include "facecert/drivers/registry.h"

namespace facecert::harness {
namespace {

using json = nlohmann::json;
using drivers::Capability;
using Clock = std::chrono::steady_clock;
using Status = ValidationItem::Status;

// Synthetic identity data (valid GB 11643 check digit, nobody's real number).
constexpr const char* kName = "驱动校验 Driver Check";
constexpr const char* kIdNumber = "11010519491231002X";

struct Outcome {
  bool pass;
  std::string detail;
};

drivers::Image demo_face(std::uint32_t seed) {
  return {datasets::encode_jpeg(datasets::vary(datasets::load_demo_image("astronaut.jpg"), seed)), "image/jpeg"};
}

std::string random_suffix() {
  std::random_device rd;
  return fmt::format("{:08x}", rd());
}

class Checklist {
 public:
  Checklist(DriverValidation& v, const std::function<void(const ValidationItem&)>& on_item) : v_(v), on_item_(on_item) {}

  // Runs `fn`, times it, and records pass/fail. A thrown DriverFailure or DriverError is a fail
  // unless `expect_error` (a refusal check), where an error is the pass.
  template <class Fn>
  bool check(const std::string& id, const std::string& title, Fn&& fn) {
    ValidationItem item{id, title, Status::Fail, {}, 0};
    const auto t0 = Clock::now();
    try {
      const Outcome o = fn();
      item.status = o.pass ? Status::Pass : Status::Fail;
      item.detail = o.detail;
    } catch (const drivers::DriverFailure& e) {
      item.detail = fmt::format("driver failure: {}", e.what());
    } catch (const drivers::UnsupportedCapability& e) {
      item.detail = fmt::format("unsupported: {}", e.what());
    } catch (const drivers::DriverError& e) {
      item.detail = fmt::format("error: {}", e.what());
    } catch (const std::exception& e) {
      item.detail = fmt::format("error: {}", e.what());
    }
    item.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    add(std::move(item));
    return v_.items.back().status == Status::Pass;
  }
  // A refusal check: the call must end in an error from the device side (DriverError), not in a
  // success and not in a driver failure.
  template <class Fn>
  void refuses(const std::string& id, const std::string& title, Fn&& fn) {
    check(id, title, [&]() -> Outcome {
      try {
        const std::string what = fn();
        return {false, "accepted: " + what};
      } catch (const drivers::DriverFailure&) {
        throw;
      } catch (const drivers::UnsupportedCapability&) {
        throw;
      } catch (const drivers::DriverError& e) {
        return {true, fmt::format("refused: {}", e.what())};
      }
    });
  }
  void skip(const std::string& id, const std::string& title, const std::string& why) {
    add({id, title, Status::Skipped, why, 0});
  }

 private:
  void add(ValidationItem item) {
    v_.items.push_back(std::move(item));
    if (on_item_) on_item_(v_.items.back());
  }
  DriverValidation& v_;
  const std::function<void(const ValidationItem&)>& on_item_;
};

std::string answer_of(const drivers::MatchResult& m) {
  return fmt::format("{} (person '{}', score {:.3f}{})", to_string(m.decision), m.person_id, m.score,
                     m.attack_score ? fmt::format(", attack score {:.2f}", *m.attack_score) : std::string());
}

// The protocol items: speak to the driver directly, below the Driver interface.
void protocol_checks(Checklist& list, drivers::DriverSession& s, const std::set<Capability>& declared) {
  list.check("protocol.ping", "answers ping", [&]() -> Outcome {
    const json r = s.request("ping", json::object());
    return {r.contains("result"), r.dump()};
  });
  list.check("protocol.malformed-request", "answers a request line that is not JSON with -32700 and keeps working", [&]() -> Outcome {
    const json r = s.request_raw("{\"jsonrpc\": \"2.0\", \"id\": 99999, \"method\": ", std::chrono::seconds(5));
    const bool code = r.contains("error") && r["error"].value("code", 0) == -32700;
    const bool id_null = r.contains("id") && r["id"].is_null();
    const json again = s.request("ping", json::object());
    if (!again.contains("result")) return {false, "no longer answers ping afterwards"};
    return {code && id_null, fmt::format("answer {}{}", r.dump(), id_null ? "" : " (the id must be null)")};
  });
  list.check("protocol.unknown-method", "answers an unknown method with -32601", [&]() -> Outcome {
    const json r = s.request("facecert.no_such_method", json::object());
    const bool ok = r.contains("error") && r["error"].value("code", 0) == -32601;
    return {ok, r.dump()};
  });
  // A method with its params missing (the first declared capability that takes some).
  static const std::vector<std::pair<Capability, std::string>> with_params = {
      {Capability::Identify, "identify"}, {Capability::Enrol, "enrol"},        {Capability::Verify, "verify"},
      {Capability::PresentMedia, "present"}, {Capability::DeletePerson, "delete_person"},
      {Capability::ReadStore, "read_store"}, {Capability::ExportTemplate, "export_template"}};
  const auto target = std::find_if(with_params.begin(), with_params.end(),
                                   [&](const auto& p) { return declared.count(p.first) != 0; });
  if (target == with_params.end()) {
    list.skip("protocol.missing-params", "answers a call without its params with -32602",
              "no declared capability takes params");
  } else {
    list.check("protocol.missing-params", fmt::format("answers {} without its params with -32602", target->second),
               [&]() -> Outcome {
                 const json r = s.request(target->second, json::object());
                 const bool ok = r.contains("error") && r["error"].value("code", 0) == -32602;
                 return {ok, r.dump()};
               });
  }
  // A capability not declared must not succeed.
  static const std::vector<std::pair<Capability, std::string>> probes = {
      {Capability::DumpStorage, "dump_storage"}, {Capability::ReadEvents, "read_events"},
      {Capability::ListMedia, "list_media"}, {Capability::Info, "info"}};
  const auto undeclared = std::find_if(probes.begin(), probes.end(),
                                       [&](const auto& p) { return declared.count(p.first) == 0; });
  if (undeclared != probes.end())
    list.check("protocol.undeclared-capability",
               fmt::format("refuses {} (capability not declared) with -32601 or -32004", undeclared->second),
               [&]() -> Outcome {
                 const json r = s.request(undeclared->second, json::object());
                 const int code = r.contains("error") ? r["error"].value("code", 0) : 0;
                 return {code == -32601 || code == -32004, r.dump()};
               });
}

void capability_checks(Checklist& list, drivers::Driver& d, const std::filesystem::path& work) {
  auto has = [&](Capability c) { return d.has(c); };
  auto item = [&](Capability c, const std::string& title, auto&& fn) {
    const std::string id = fmt::format("capability.{}", to_string(c));
    if (!has(c)) return list.skip(id, title, "not declared"), false;
    return list.check(id, title, fn);
  };
  item(Capability::Info, "info: maker and model", [&]() -> Outcome {
    const auto i = d.info();
    return {!(i.maker.empty() && i.model.empty()), fmt::format("{} {} firmware {} serial {}", i.maker, i.model, i.firmware, i.serial)};
  });
  item(Capability::Login, "login with the profile's credentials", [&]() -> Outcome { d.login(); return {true, "accepted"}; });
  std::string person;
  item(Capability::Enrol, "enrol a synthetic person with a demo face", [&]() -> Outcome {
    person = d.enrol({kName, kIdNumber}, demo_face(1)).person_id;
    return {!person.empty(), fmt::format("person id '{}'", person)};
  });
  item(Capability::Identify, "identify a new capture of the enrolled face", [&]() -> Outcome {
    const auto m = d.identify(demo_face(2));
    return {true, answer_of(m)};
  });
  item(Capability::PresentMedia, "present a frame to the camera", [&]() -> Outcome {
    return {true, answer_of(d.present(demo_face(3)))};
  });
  item(Capability::Verify, "verify an ID document photo against a live capture", [&]() -> Outcome {
    return {true, answer_of(d.verify(demo_face(4), demo_face(5)))};
  });
  if (!person.empty())
    item(Capability::ExportTemplate, "export the enrolled person's template", [&]() -> Outcome {
      const auto t = d.export_template(person);
      return {t.dims > 0, fmt::format("{} {} dims {} ({} bytes, {} values)", t.algorithm, t.encoding, t.dims, t.bytes.size(), t.values.size())};
    });
  std::string key;
  item(Capability::TemplateKeys, "create a template protection key", [&]() -> Outcome {
    key = d.create_template_key();
    return {!key.empty(), fmt::format("key '{}'", key)};
  });
  std::optional<drivers::FaceTemplate> made;
  item(Capability::MakeTemplate, "make a template under that key", [&]() -> Outcome {
    made = d.make_template(demo_face(6), key);
    return {made->dims > 0, fmt::format("{} dims {}", made->algorithm, made->dims)};
  });
  if (made)
    item(Capability::CompareTemplates, "compare a template with itself (must match)", [&]() -> Outcome {
      const auto c = d.compare_templates(*made, *made);
      return {c.match, fmt::format("score {:.3f}, match {}", c.score, c.match)};
    });
  if (!key.empty() && has(Capability::TemplateKeys)) {
    list.check("capability.template_keys.revoke", "revoke that key", [&]() -> Outcome {
      d.revoke_template_key(key);
      return {true, "revoked"};
    });
    if (has(Capability::MakeTemplate))
      list.refuses("refuses.revoked-key", "refuses a template under the revoked key", [&] {
        d.make_template(demo_face(7), key);
        return std::string("a template was made");
      });
  }
  item(Capability::PresentClip, "present a 3-frame clip (begin, frames, end)", [&]() -> Outcome {
    const auto id = d.begin_presentation({});
    for (int i = 0; i < 3; ++i) d.present_frame(id, demo_face(10 + static_cast<std::uint32_t>(i)), i / 15.0);
    return {true, fmt::format("presentation '{}': {}", id, answer_of(d.end_presentation(id)))};
  });
  item(Capability::ReadEvents, "read the recognition events", [&]() -> Outcome {
    return {true, fmt::format("{} events", d.read_events().size())};
  });
  item(Capability::ListMedia, "list the stored media", [&]() -> Outcome {
    return {true, fmt::format("{} files", d.list_media().size())};
  });
  item(Capability::ReadAuditLog, "read the audit log", [&]() -> Outcome {
    return {true, fmt::format("{} entries", d.read_audit_log().size())};
  });
  std::vector<drivers::DataStore> stores;
  item(Capability::DescribeStorage, "describe the storage", [&]() -> Outcome {
    stores = d.describe_storage();
    return {!stores.empty(), fmt::format("{} stores", stores.size())};
  });
  if (!stores.empty())
    item(Capability::ReadStore, fmt::format("read the store '{}'", stores.front().name), [&]() -> Outcome {
      return {true, fmt::format("{} records", d.read_store(stores.front().name).size())};
    });
  if (has(Capability::ReadStore))
    list.refuses("refuses.unknown-store", "refuses to read a store that does not exist",
                 [&] { return fmt::format("{} records", d.read_store("facecert-no-such-store-" + random_suffix()).size()); });
  item(Capability::DumpStorage, "dump the storage into a folder", [&]() -> Outcome {
    const auto dump = d.dump_storage(work / "dumps");
    return {dump.size > 0, fmt::format("{} {} bytes", dump.format, dump.size)};
  });
  item(Capability::SetRetention, "set the retention period to 0 (keep until deleted)", [&]() -> Outcome {
    d.set_retention(std::chrono::seconds(0));
    return {true, "accepted"};
  });
  if (!person.empty())
    item(Capability::DeletePerson, "delete the enrolled person", [&]() -> Outcome {
      d.delete_person(person);
      return {true, "deleted"};
    });
  if (has(Capability::DeletePerson))
    list.refuses("refuses.unknown-person", "refuses to delete a person that does not exist", [&] {
      d.delete_person("facecert-no-such-person-" + random_suffix());
      return std::string("deleted");
    });
  const drivers::Image garbage{{'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'}, "image/jpeg"};
  if (has(Capability::Identify))
    list.refuses("refuses.not-an-image", "refuses a frame that is not an image", [&] {
      return "answered " + answer_of(d.identify(garbage));
    });
  else if (has(Capability::Enrol))
    list.refuses("refuses.not-an-image", "refuses an enrolment image that is not an image", [&] {
      const auto p = d.enrol({kName, kIdNumber}, garbage).person_id;
      if (has(Capability::DeletePerson)) d.delete_person(p);
      return "enrolled as " + p;
    });
}

}  // namespace

std::string_view to_string(ValidationItem::Status s) {
  switch (s) {
    case Status::Pass: return "pass";
    case Status::Fail: return "fail";
    case Status::Skipped: return "skipped";
  }
  return "?";
}

bool DriverValidation::passed() const {
  if (!hello) return false;
  for (const auto& i : items)
    if (i.status == Status::Fail) return false;
  return true;
}

json DriverValidation::to_json() const {
  json j = {{"schema", "facecert.driver-validation/1"}, {"program", program}, {"passed", passed()}};
  if (hello)
    j["driver"] = {{"name", hello->name},
                   {"version", hello->version},
                   {"protocol_version", hello->protocol_version},
                   {"capabilities", hello->capabilities},
                   {"start_ms", hello->start_ms}};
  j["items"] = json::array();
  for (const auto& i : items)
    j["items"].push_back({{"id", i.id}, {"title", i.title}, {"status", to_string(i.status)}, {"detail", i.detail}, {"ms", i.ms}});
  return j;
}

DriverValidation validate_driver(const DeviceProfile& profile, const std::filesystem::path& work_dir,
                                 const std::function<void(const ValidationItem&)>& on_item) {
  DriverValidation v;
  Checklist list(v, on_item);
  auto config = profile.driver_config();
  config.exchange_dir = work_dir / "driver-exchange";
  v.program = config.executable.string();
  {
    drivers::DriverSession session(config);
    const bool started = list.check("handshake", "starts and answers initialize (version, name, capabilities)", [&]() -> Outcome {
      const auto& h = session.ensure_started();
      v.hello = h;
      return {true, fmt::format("{} {} protocol {} in {:.0f} ms; capabilities: {}", h.name, h.version, h.protocol_version,
                                h.start_ms, fmt::join(h.capabilities, ", "))};
    });
    if (!started) return v;
    std::set<Capability> declared;
    for (const auto& c : v.hello->capabilities) declared.insert(*drivers::capability_from_string(c));
    protocol_checks(list, session, declared);
    list.check("protocol.shutdown", "answers shutdown and exits within 2 s", [&]() -> Outcome {
      const bool ok = session.shutdown(std::chrono::seconds(2));
      return {ok, fmt::format("the driver {}", session.last_exit())};
    });
  }
  std::unique_ptr<drivers::Driver> driver;
  list.check("capability.start", "starts again for the capability calls", [&]() -> Outcome {
    driver = drivers::DriverRegistry::instance().make(config);
    return {true, driver->name()};
  });
  if (driver) capability_checks(list, *driver, work_dir);
  driver.reset();
  std::error_code ec;
  std::filesystem::remove_all(work_dir / "dumps", ec);
  std::filesystem::remove_all(config.exchange_dir, ec);
  return v;
}

}  // namespace facecert::harness
