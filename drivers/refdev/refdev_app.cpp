#include "refdev_app.h"

#include <csignal>
#include <iostream>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "device.h"
#include "digest_guard.h"
#include "http_server.h"
#include "options.h"
#include "router.h"
#include "tls_certificate.h"
#include "tls_context.h"

namespace facecert::refdev {
namespace asio = boost::asio;
namespace {

constexpr int kThreads = 3;

// Once a second: delete what is past the retention period (6.1.5).
void schedule_purge(asio::steady_timer& timer, Device& device) {
  timer.expires_after(std::chrono::seconds(1));
  timer.async_wait([&timer, &device](const boost::system::error_code& ec) {
    if (ec) return;
    try {
      device.purge_expired();
    } catch (const std::exception& e) {
      std::cerr << "facecert-refdev: retention purge failed: " << e.what() << "\n";
    }
    schedule_purge(timer, device);
  });
}

int serve(const Config& cfg) {
  Device device(cfg.data_dir, cfg.policy);
  DigestGuard guard("facecert-refdev", cfg.user, cfg.password, device.audit());
  auto router = make_router(device, guard);

  std::optional<asio::ssl::context> tls;
  if (cfg.policy.tls) {
    CertificateFiles files{cfg.cert, cfg.key};
    if (files.cert.empty()) files = ensure_self_signed(cfg.data_dir);
    tls.emplace(make_server_tls_context(files.cert, files.key, cfg.policy.legacy_tls10));
  }

  asio::io_context ioc(kThreads);
  HttpServer server(ioc, cfg.listen, cfg.port, *router, tls ? &*tls : nullptr);
  server.start();
  asio::steady_timer purge_timer(ioc);
  schedule_purge(purge_timer, device);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    purge_timer.cancel();
    ioc.stop();
  });

  const bool v6 = cfg.listen.find(':') != std::string::npos;
  std::cout << fmt::format("facecert-refdev listening on {}://{}{}{}:{}", tls ? "https" : "http",
                           v6 ? "[" : "", cfg.listen, v6 ? "]" : "", server.port())
            << std::endl;

  std::vector<std::thread> pool;
  for (int i = 1; i < kThreads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}

}  // namespace

int run_refdev(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  ParsedOptions parsed = parse_options(argc, argv);
  if (!parsed.config) return parsed.exit_code;
  try {
    return serve(*parsed.config);
  } catch (const std::exception& e) {
    std::cerr << "facecert-refdev: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace facecert::refdev
