#pragma once
// The protected header of our access tokens: {"alg":"ES256","typ":"at+jwt","kid":"..."}.
#include <optional>
#include <string>
#include <string_view>

namespace rampart::infrastructure {

std::string EncodeEs256Header(std::string_view kid);

// The `kid` of a header that is acceptable for ES256 verification, or std::nullopt. The
// algorithm is fixed by the key type, never chosen by the token: anything but "alg":"ES256"
// (none, HS256, ES384, missing) is refused, as are a missing or non-string kid, a `typ` other
// than "at+jwt"/"JWT", and any `crit` (we implement no header extensions).
std::optional<std::string> AcceptedEs256HeaderKid(std::string_view header_json);

}  // namespace rampart::infrastructure
