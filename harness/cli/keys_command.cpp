// facecert keys init|show: the lab's signing key pair and evidence key (docs/evidence-integrity.md).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/harness/lab_keys.h"

namespace facecert::cli {
namespace {

struct KeysArgs {
  std::string dir, algorithm = "ecdsa-p256";
  bool force = false;
};

std::filesystem::path keys_dir(const KeysArgs& a) { return a.dir.empty() ? harness::default_keys_dir() : std::filesystem::path(a.dir); }

void show(const harness::LabKeys& k) {
  fmt::print("keys folder:      {}\n", k.dir.string());
  fmt::print("algorithm:        {} ({})\n", harness::to_string(k.algorithm), harness::signature_algorithm(k.algorithm));
  fmt::print("fingerprint:      {}\n", k.fingerprint);
  fmt::print("private key:      {}\n", (k.dir / harness::kPrivateKeyFile).string());
  fmt::print("public key:       {}\n", (k.dir / harness::kPublicKeyFile).string());
  fmt::print("evidence key:     {} (id {})\n", (k.dir / harness::kEvidenceKeyFile).string(), k.evidence_key_id);
}

int init(const KeysArgs& a) {
  const auto alg = harness::signing_algorithm_from_string(a.algorithm);
  if (!alg) {
    fmt::print(stderr, "facecert keys init: --algorithm '{}' unknown (ecdsa-p256 or sm2)\n", a.algorithm);
    return kBadInput;
  }
  std::string why;
  if (*alg == harness::SigningAlgorithm::Sm2 && !harness::sm2_supported(&why)) {
    fmt::print(stderr, "facecert keys init: SM2 is not available with this OpenSSL ({}); use ecdsa-p256\n", why);
    return kBadInput;
  }
  try {
    show(harness::init_lab_keys(keys_dir(a), *alg, a.force));
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert keys init: {}\n", e.what());
    return kBadInput;
  }
  fmt::print("keep the private key and the evidence key safe; publish the fingerprint\n");
  return kOk;
}

int show_keys(const KeysArgs& a) {
  try {
    show(harness::load_lab_keys(keys_dir(a)));
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert keys show: {}\n", e.what());
    return kBadInput;
  }
  return kOk;
}

}  // namespace

const CommandRegistration kKeys{"keys", 60, [](CLI::App& app, int& exit_code) {
  auto args = std::make_shared<KeysArgs>();
  CLI::App* keys = app.add_subcommand("keys", "the lab's manifest signing key and evidence encryption key");
  keys->require_subcommand(1);
  const std::string dir_help = "keys folder (default $FACECERT_KEYS, else ~/.config/facecert/keys)";
  CLI::App* i = keys->add_subcommand("init", "make a signing key pair and an evidence key (refuses to overwrite)");
  i->add_option("--dir", args->dir, dir_help);
  i->add_option("--algorithm", args->algorithm, "ecdsa-p256 (default) or sm2 (SM2 with SM3)");
  i->add_flag("--force", args->force, "replace existing keys");
  i->callback([args, &exit_code] { exit_code = init(*args); });
  CLI::App* s = keys->add_subcommand("show", "print the keys' fingerprint and paths");
  s->add_option("--dir", args->dir, dir_help);
  s->callback([args, &exit_code] { exit_code = show_keys(*args); });
}};

}  // namespace facecert::cli
