#include "core/status.hpp"

namespace entente {

const char* error_slug(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid-argument";
    case ErrorCode::kInvalidDate: return "invalid-date";
    case ErrorCode::kUnknownNation: return "unknown-nation";
    case ErrorCode::kUnknownOrganisation: return "unknown-organisation";
    case ErrorCode::kUnknownFramework: return "unknown-framework";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kInvalidData: return "invalid-data";
    case ErrorCode::kStorage: return "storage-error";
    case ErrorCode::kIo: return "io-error";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kTooManyRequests: return "too-many-requests";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPreconditionRequired: return "precondition-required";
    case ErrorCode::kRefused: return "refused";
    case ErrorCode::kInternal: return "internal-error";
  }
  return "internal-error";
}

std::string json_pointer_token(std::string_view key) {
  std::string token;
  token.reserve(key.size());
  for (const char c : key) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  return std::string(error_slug(code_)) + ": " + message_;
}

}  // namespace entente
