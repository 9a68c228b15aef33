#include "engine/credentials.hpp"

#include <sodium.h>

#include <fstream>
#include <iterator>
#include <mutex>

#include "core/text.hpp"

namespace entente {

namespace {

void initialise_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no randomness source: nothing secret can be made
  });
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

// One character repeated, or a run in which each character follows the previous one
// ("abcdefgh", "98765432").
bool is_trivial_pattern(std::string_view text) {
  bool repeated = true;
  bool ascending = true;
  bool descending = true;
  for (std::size_t i = 1; i < text.size(); ++i) {
    repeated = repeated && text[i] == text[0];
    ascending = ascending && text[i] == text[i - 1] + 1;
    descending = descending && text[i] == text[i - 1] - 1;
  }
  return repeated || ascending || descending;
}

}  // namespace

HashCost HashCost::cheapest() { return HashCost{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

Result<std::string> hash_password(std::string_view password, const HashCost& cost) {
  initialise_sodium();
  char stored[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(stored, password.data(), password.size(), cost.iterations, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status(ErrorCode::kUnavailable, "not enough memory to hash a password now; try again");
  }
  return std::string(stored);
}

bool verify_password(std::string_view password, const std::string& stored) {
  initialise_sodium();
  if (stored.size() >= crypto_pwhash_STRBYTES || !stored.starts_with("$argon2id$")) return false;
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

std::string random_secret(std::size_t bytes) {
  initialise_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string token_hash(std::string_view token) {
  initialise_sodium();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return to_hex(digest, sizeof digest);
}

bool same_secret(std::string_view a, std::string_view b) {
  initialise_sodium();
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string one_time_password() {
  initialise_sodium();
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
  std::string password;
  for (int i = 0; i < 20; ++i) {
    password += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return password;
}

Result<PasswordPolicy> PasswordPolicy::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kIo, "cannot read the list of common passwords " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  PasswordPolicy policy = shipped();
  policy.add_from_text(text);
  return policy;
}

PasswordPolicy PasswordPolicy::shipped() {
  PasswordPolicy policy;
  policy.add_from_text(shipped_common_passwords());
  return policy;
}

void PasswordPolicy::add_from_text(std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text = end < text.size() ? text.substr(end + 1) : std::string_view();
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    common_.insert(lower_ascii(line));
  }
}

PasswordPolicy PasswordPolicy::from_words(std::initializer_list<std::string_view> words) {
  PasswordPolicy policy;
  for (std::string_view word : words) policy.common_.insert(lower_ascii(word));
  return policy;
}

Status PasswordPolicy::check(std::string_view password, std::string_view account_name) const {
  const auto refuse = [](std::string message) {
    return Status(ErrorCode::kInvalidArgument, std::move(message), "/password");
  };
  if (!is_valid_utf8(password)) return refuse("the password is not valid UTF-8");
  const std::size_t length = code_points(password);
  if (length < kMinLength) {
    return refuse("the password has " + std::to_string(length) + " characters; it needs at least " +
                  std::to_string(kMinLength) + " (a few unrelated words make a good one)");
  }
  if (length > kMaxLength) {
    return refuse("the password has more than " + std::to_string(kMaxLength) + " characters");
  }
  const std::string lower = lower_ascii(password);
  if (common_.contains(lower)) return refuse("the password is on the list of commonly used passwords; choose another");
  if (!account_name.empty() && lower.find(lower_ascii(account_name)) != std::string::npos) {
    return refuse("the password contains the account's name; choose another");
  }
  if (is_trivial_pattern(lower))
    return refuse("the password is one character repeated or a simple run; choose another");
  return Status::ok();
}

}  // namespace entente
