// D_sys on 10^6 + 10^6 scores (issue 6 target: under 0.5 s), and agreement with the published
// formulas: when python3 with numpy is on the machine, the same score files (raw float64, the
// reference script's input) are evaluated by a few lines of numpy written from the paper's and the
// reference script's definitions, and both values and times are printed. Generated scores, not real.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "facecert/probes/template_metrics.h"

namespace {

using facecert::probes::compute_unlinkability;

// The definitions of Gomez-Barrero et al. (TIFS 2018) with the reference script's binning: bins
// over [min, max] of all scores, densities, LR, D, trapezoid over the centres.
constexpr const char* kNumpyCheck = R"(import sys, time
import numpy as np
def d_sys(mated, nonmated, omega, bins):
    if bins <= 0:
        bins = min(len(mated) // 10, 100)
    edges = np.linspace(min(mated.min(), nonmated.min()), max(mated.max(), nonmated.max()), bins + 1)
    centres = (edges[1:] + edges[:-1]) / 2
    p_m = np.histogram(mated, bins=edges, density=True)[0]
    p_n = np.histogram(nonmated, bins=edges, density=True)[0]
    lr = np.divide(p_m, p_n, out=np.ones_like(p_m), where=p_n != 0)
    d = np.where(omega * lr > 1, 2 * (omega * lr / (1 + omega * lr)) - 1, 0.0)
    d[(p_n == 0) & (p_m != 0)] = 1
    return np.trapz(d * p_m, centres)
mated, nonmated = np.fromfile(sys.argv[1]), np.fromfile(sys.argv[2])
start = time.perf_counter()
value = d_sys(mated, nonmated, float(sys.argv[3]), int(sys.argv[4]))
print("%.17g %.6f" % (value, time.perf_counter() - start))
)";

std::vector<double> draw(std::size_t n, bool gaussian, double a, double b, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> v(n);
  std::normal_distribution<double> g(a, b);
  std::uniform_real_distribution<double> u(a, b);
  for (auto& x : v) x = gaussian ? g(rng) : u(rng);
  return v;
}

void write_f64(const std::filesystem::path& f, const std::vector<double>& v) {
  std::ofstream(f, std::ios::binary).write(reinterpret_cast<const char*>(v.data()),
                                            static_cast<std::streamsize>(v.size() * sizeof(double)));
}

// $FACECERT_PYTHON, else the first of python3 on the PATH and /usr/bin/python3 that has numpy.
std::string python_with_numpy() {
  std::vector<std::string> candidates{"python3", "/usr/bin/python3"};
  if (const char* p = std::getenv("FACECERT_PYTHON")) candidates.insert(candidates.begin(), p);
  for (const auto& py : candidates)
    if (std::system((py + " -c 'import numpy' >/dev/null 2>&1").c_str()) == 0) return py;
  return {};
}

// "VALUE SECONDS" from the numpy check, or nothing.
std::string numpy_d_sys(const std::string& python, const std::filesystem::path& dir, const std::vector<double>& m, const std::vector<double>& n,
                        double omega, int bins) {
  write_f64(dir / "mated.f64", m);
  write_f64(dir / "nonmated.f64", n);
  const std::string cmd = fmt::format("{} {} {} {} {} {}", python, (dir / "check.py").string(), (dir / "mated.f64").string(),
                                      (dir / "nonmated.f64").string(), omega, bins);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {};
  char buf[256] = {};
  const bool read = fgets(buf, sizeof buf, p) != nullptr;
  pclose(p);
  return read ? std::string(buf) : std::string();
}

double seconds_of_best(int runs, const std::vector<double>& m, const std::vector<double>& n, double& d_sys) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    d_sys = compute_unlinkability(m, n).d_sys;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main() {
  const std::size_t million = 1000000;
  const auto mated = draw(million, true, 1, 1, 1), nonmated = draw(million, true, 0, 1, 2);
  double d = 0;
  const double t = seconds_of_best(5, mated, nonmated, d);
  fmt::print("facecert D_sys on 10^6 mated N(1,1) + 10^6 non-mated N(0,1), 100 bins: {:.6f} in {:.4f} s "
             "(best of 5; target < 0.5 s)\n", d, t);

  const std::string python = python_with_numpy();
  if (python.empty()) {
    fmt::print("numpy comparison skipped: python3 with numpy not found\n");
    return 0;
  }
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("facecert-unlink-{}", ::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "check.py") << kNumpyCheck;
  struct Case {
    const char* name;
    std::vector<double> m, n;
    double omega;
    int bins;
  };
  const std::vector<Case> cases = {
      {"10^6+10^6 overlapping N(1,1) vs N(0,1)", mated, nonmated, 1.0, 0},
      {"hand-worked case, 4 bins", {0.5, 0.75, 0.9, 1.0}, {0.0, 0.1, 0.3, 0.6}, 1.0, 4},
      {"hand-worked case, omega 2", {0.5, 0.75, 0.9, 1.0}, {0.0, 0.1, 0.3, 0.6}, 2.0, 4},
      {"fully linkable U(0.6,1) vs U(0,0.4)", draw(20000, false, 0.6, 1, 3), draw(20000, false, 0, 0.4, 4), 1.0, 0},
      {"fully unlinkable N(0,1) vs N(0,1)", draw(50000, true, 0, 1, 5), draw(50000, true, 0, 1, 6), 1.0, 0},
      {"overlapping, omega 2", draw(200000, true, 1, 1, 7), draw(200000, true, 0, 1, 8), 2.0, 0},
      {"overlapping, omega 0.5, 37 bins", draw(200000, true, 1, 1, 7), draw(200000, true, 0, 1, 8), 0.5, 37},
      {"few mated scores (120), 12 bins", draw(120, true, 2, 1, 9), draw(5000, true, 0, 1, 10), 1.0, 0},
  };
  double worst = 0;
  for (const auto& c : cases) {
    const auto t0 = std::chrono::steady_clock::now();
    const double ours = compute_unlinkability(c.m, c.n, {c.omega, c.bins}).d_sys;
    const double ours_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string theirs = numpy_d_sys(python, dir, c.m, c.n, c.omega, c.bins);
    double value = NAN, secs = NAN;
    if (std::sscanf(theirs.c_str(), "%lf %lf", &value, &secs) != 2) {
      fmt::print("{}: numpy check failed\n", c.name);
      continue;
    }
    worst = std::max(worst, std::abs(ours - value));
    fmt::print("{:<40} facecert {:.9f} ({:.4f} s)  numpy {:.9f} ({:.4f} s)  |diff| {:.1e}\n", c.name, ours, ours_s,
               value, secs, std::abs(ours - value));
  }
  fmt::print("largest |facecert - numpy| = {:.1e} (required: <= 1e-3)\n", worst);
  std::filesystem::remove_all(dir);
  return worst <= 1e-3 ? 0 : 1;
}
