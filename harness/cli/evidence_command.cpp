// facecert evidence decrypt FILE.fcenc --out FILE: the lab reads encrypted raw evidence (issue 8).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/harness/evidence_cipher.h"
#include "facecert/harness/lab_keys.h"

namespace facecert::cli {
namespace {

struct DecryptArgs {
  std::string in, out, keys_dir;
};

int decrypt(const DecryptArgs& a) {
  try {
    const auto keys = harness::load_lab_keys(a.keys_dir.empty() ? harness::default_keys_dir() : std::filesystem::path(a.keys_dir));
    harness::decrypt_file(a.in, a.out, keys.evidence_key);
  } catch (const harness::DecryptError& e) {
    fmt::print(stderr, "facecert evidence decrypt: {}\n", e.what());
    return kFound;  // the file is not what it was: altered, truncated or under another key
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert evidence decrypt: {}\n", e.what());
    return kBadInput;
  }
  fmt::print("decrypted: {}\n", a.out);
  return kOk;
}

}  // namespace

const CommandRegistration kEvidence{"evidence", 65, [](CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DecryptArgs>();
  CLI::App* ev = app.add_subcommand("evidence", "raw evidence encrypted at rest");
  ev->require_subcommand(1);
  CLI::App* d = ev->add_subcommand("decrypt", "decrypt FILE.fcenc with the lab's evidence key: exit 0 done, "
                                              "1 wrong key, altered or truncated, 2 bad input");
  d->add_option("file", args->in, "encrypted evidence file (.fcenc)")->required()->check(CLI::ExistingFile);
  d->add_option("--out", args->out, "where to write the clear file")->required();
  d->add_option("--keys", args->keys_dir, "lab keys folder (default $FACECERT_KEYS, else ~/.config/facecert/keys)");
  d->callback([args, &exit_code] { exit_code = decrypt(*args); });
}};

}  // namespace facecert::cli
