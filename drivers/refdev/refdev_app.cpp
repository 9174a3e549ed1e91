#include "refdev_app.h"

#include <csignal>
#include <iostream>
#include <memory>
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
  device.set_heartbeat_seconds(cfg.heartbeat_s);
  DigestGuard guard("facecert-refdev", cfg.user, cfg.password, device.audit());
  const bool feature_sync = cfg.policy.plaintext_feature_service;
  auto router = make_router(device, guard, !feature_sync);

  std::optional<asio::ssl::context> tls;
  if (cfg.policy.tls) {
    CertificateFiles files{cfg.cert, cfg.key};
    if (files.cert.empty()) files = ensure_self_signed(cfg.data_dir);
    tls.emplace(make_server_tls_context(files.cert, files.key, cfg.policy.legacy_tls10));
  }

  asio::io_context ioc(kThreads);
  HttpServer server(ioc, cfg.listen, cfg.port, *router, tls ? &*tls : nullptr);
  server.start();
  const bool v6 = cfg.listen.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + cfg.listen + "]" : cfg.listen;
  // Flaw plaintext-features: a second, plain-HTTP listener serving the templates (an ephemeral
  // port), announced before the readiness line so a launcher can capture its traffic too.
  std::unique_ptr<Router> template_router;
  std::unique_ptr<HttpServer> feature_server;
  if (feature_sync) {
    template_router = make_template_router(device, guard);
    feature_server = std::make_unique<HttpServer>(ioc, cfg.listen, 0, *template_router, nullptr);
    feature_server->start();
    const std::string url =
        fmt::format("http://{}:{}/ISAPI/Refdev/template", host, feature_server->port());
    device.set_template_service_url(url);
    std::cout << fmt::format("facecert-refdev feature sync on {}", url) << std::endl;
  }
  asio::steady_timer purge_timer(ioc);
  schedule_purge(purge_timer, device);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    if (feature_server) feature_server->stop();
    purge_timer.cancel();
    ioc.stop();
  });

  std::cout << fmt::format("facecert-refdev listening on {}://{}:{}", tls ? "https" : "http", host,
                           server.port())
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
