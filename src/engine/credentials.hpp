#pragma once

// Secrets: password hashing with argon2id, random tokens and their stored hashes, and
// the password policy (docs/security.md, "Accounts"). Backed by libsodium.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/status.hpp"

namespace entente {

// The cost of one argon2id hash. The default meets OWASP's minimum for argon2id
// (19 MiB, 2 iterations, 1 lane); tests may use the cheapest cost libsodium allows.
struct HashCost {
  unsigned long long iterations = 2;
  std::size_t memory_bytes = std::size_t{19} << 20U;

  static HashCost cheapest();
};

// "$argon2id$v=19$m=...,t=...,p=1$salt$hash" for `password`.
Result<std::string> hash_password(std::string_view password, const HashCost& cost);
// Whether `password` matches `stored` (a hash_password result), in time independent of
// where they differ. False for a malformed `stored`.
bool verify_password(std::string_view password, const std::string& stored);

// `bytes` random bytes from the operating system, as lower-case hex.
std::string random_secret(std::size_t bytes = 32);
// The hash a token is stored as (BLAKE2b-256, hex): a stolen database holds no usable token.
std::string token_hash(std::string_view token);
// Equal strings, compared in time independent of where they differ.
bool same_secret(std::string_view a, std::string_view b);

// The rules a new password must meet: 8 to 128 characters (UTF-8 code points), any
// characters, no composition rules; not in the list of common passwords; not the
// account's name; not one character repeated or a run of consecutive characters.
class PasswordPolicy {
 public:
  static constexpr std::size_t kMinLength = 8;
  static constexpr std::size_t kMaxLength = 128;

  PasswordPolicy() = default;
  // One password per line; blank lines and lines starting with '#' are skipped.
  // Comparison ignores ASCII case.
  static Result<PasswordPolicy> from_file(const std::string& path);
  static PasswordPolicy from_words(std::initializer_list<std::string_view> words);
  // The list shipped in data/common_passwords.txt, compiled in.
  static PasswordPolicy shipped();
  // Adds the passwords of `text` (the file format above).
  void add_from_text(std::string_view text);

  // kInvalidArgument naming what is wrong (field "/password"), or ok.
  Status check(std::string_view password, std::string_view account_name) const;
  std::size_t common_passwords() const { return common_.size(); }

 private:
  std::unordered_set<std::string> common_;
};

// The text of data/common_passwords.txt, as built.
std::string_view shipped_common_passwords();

// A new password for a person to type once and change: 20 characters from an alphabet
// without look-alikes (about 115 bits).
std::string one_time_password();

}  // namespace entente
