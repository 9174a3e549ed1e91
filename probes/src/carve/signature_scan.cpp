#include "signature_scan.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FACECERT_CARVE_X86 1
#endif

namespace facecert::probes::carve {
namespace {

constexpr std::uint8_t kFirst[] = {0xFF, 0x89, 'B', 'R', '/', 'i'};
constexpr std::uint8_t kSecond[] = {0xD8, 'P', 'M', 'I', '9', 'V'};
constexpr int kPairs = 6;

bool pair_at(const std::uint8_t* p) {
  for (int k = 0; k < kPairs; ++k)
    if (p[0] == kFirst[k] && p[1] == kSecond[k]) return true;
  return false;
}

std::size_t scalar_scan(const std::uint8_t* p, std::size_t from, std::size_t end) {
  for (std::size_t i = from; i < end; ++i)
    if (pair_at(p + i)) return i;
  return end;
}

#ifdef FACECERT_CARVE_X86
// 32 offsets per step: compare the bytes at i and at i+1 with the six pairs at once.
__attribute__((target("avx2"))) std::size_t avx2_scan(const std::uint8_t* p, std::size_t from, std::size_t end) {
  __m256i first[kPairs], second[kPairs];
  for (int k = 0; k < kPairs; ++k) {
    first[k] = _mm256_set1_epi8(static_cast<char>(kFirst[k]));
    second[k] = _mm256_set1_epi8(static_cast<char>(kSecond[k]));
  }
  std::size_t i = from;
  for (; i + 32 <= end; i += 32) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 1));
    __m256i hit = _mm256_and_si256(_mm256_cmpeq_epi8(a, first[0]), _mm256_cmpeq_epi8(b, second[0]));
    for (int k = 1; k < kPairs; ++k)
      hit = _mm256_or_si256(hit, _mm256_and_si256(_mm256_cmpeq_epi8(a, first[k]), _mm256_cmpeq_epi8(b, second[k])));
    if (const auto mask = static_cast<unsigned>(_mm256_movemask_epi8(hit)); mask != 0)
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  return scalar_scan(p, i, end);
}

std::size_t sse2_scan(const std::uint8_t* p, std::size_t from, std::size_t end) {
  __m128i first[kPairs], second[kPairs];
  for (int k = 0; k < kPairs; ++k) {
    first[k] = _mm_set1_epi8(static_cast<char>(kFirst[k]));
    second[k] = _mm_set1_epi8(static_cast<char>(kSecond[k]));
  }
  std::size_t i = from;
  for (; i + 16 <= end; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    __m128i hit = _mm_and_si128(_mm_cmpeq_epi8(a, first[0]), _mm_cmpeq_epi8(b, second[0]));
    for (int k = 1; k < kPairs; ++k)
      hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(a, first[k]), _mm_cmpeq_epi8(b, second[k])));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0)
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  return scalar_scan(p, i, end);
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2");
#endif

}  // namespace

std::size_t next_signature(const std::uint8_t* p, std::size_t from, std::size_t end) {
  if (from >= end) return end;
#ifdef FACECERT_CARVE_X86
  return kHaveAvx2 ? avx2_scan(p, from, end) : sse2_scan(p, from, end);
#else
  return scalar_scan(p, from, end);
#endif
}

}  // namespace facecert::probes::carve
