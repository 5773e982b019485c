// /verify-email and /reset-password: the pages the links in rampart's mails open. A mail's link
// is `<mail.public_base_url>/verify-email?token=...`; by default that base is this service
// (auth.issuer), so a developer can click the link in a `.eml` file of the pickup directory and
// finish the flow in a browser. A front end of your own takes over by pointing the base at it.
//
// GET only shows a form: opening a link never spends its token (mail scanners and link previews
// fetch links), only the POST of the form does. The pages are plain HTML forms without scripts
// or styles, so the default Content-Security-Policy (`default-src 'none'`) applies unchanged;
// the POST runs the same commands as the JSON endpoints under /api/v1/auth.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/http/percent_decode.hpp"
#include "api/http/problem.hpp"
#include "application/auth/reset_password.hpp"
#include "application/auth/verify_email.hpp"
#include "application/common/html_escape.hpp"

namespace rampart::api {

namespace {

constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

// One page: a title, escaped paragraphs, and `form` (trusted markup built here) when not empty.
Response Page(int status, std::string_view title, const std::vector<std::string>& paragraphs,
              std::string_view form = {}) {
  std::string html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  application::AppendHtmlEscaped(html, title);
  html += "</title></head><body><main><h1>";
  application::AppendHtmlEscaped(html, title);
  html += "</h1>";
  for (const auto& paragraph : paragraphs) {
    html += "<p>";
    application::AppendHtmlEscaped(html, paragraph);
    html += "</p>";
  }
  html += form;
  html += "</main></body></html>\n";
  Response response{status, "text/html; charset=utf-8", std::move(html), {}};
  // The page carries a one-time token (in its URL and form): never cached, never referred.
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

std::string HiddenToken(std::string_view token) {
  std::string field = "<input type=\"hidden\" name=\"token\" value=\"";
  application::AppendHtmlEscaped(field, token);
  field += "\">";
  return field;
}

// A failed command as a page: the error's status (422, 429 with Retry-After, 503, ...), its
// detail and each field's message.
Response ErrorPage(const domain::Error& error, std::string_view title, std::string_view form) {
  std::vector<std::string> lines{error.detail};
  for (const auto& field : error.fields) lines.push_back(field.message);
  auto page = Page(HttpStatus(error.code), title, lines, form);
  if (error.retry_after_seconds) {
    page.SetHeader("Retry-After", std::to_string(*error.retry_after_seconds));
  }
  return page;
}

// The fields of an application/x-www-form-urlencoded body (the first of repeated names wins),
// or a page explaining why the body cannot be read.
std::expected<std::vector<std::pair<std::string, std::string>>, Response> FormFields(
    const Request& request, std::string_view title) {
  const auto type = request.Header("content-type");
  const auto media = type.substr(0, type.find(';'));
  if (!EqualsIgnoreCase(media, kFormType)) {
    return std::unexpected(Page(415, title, {"Send the form as application/x-www-form-urlencoded."}));
  }
  std::vector<std::pair<std::string, std::string>> fields;
  std::string_view body = request.body;
  while (!body.empty()) {
    const auto end = body.find('&');
    const auto pair = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    std::string name;
    std::string value;
    const bool ok = PercentDecode(pair.substr(0, equals), name, true) &&
                    (equals == std::string_view::npos ||
                     PercentDecode(pair.substr(equals + 1), value, true));
    if (!ok) return std::unexpected(Page(400, title, {"The form data is malformed."}));
    fields.emplace_back(std::move(name), std::move(value));
  }
  return fields;
}

std::string FieldOf(const std::vector<std::pair<std::string, std::string>>& fields,
                    std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return {};
}

constexpr std::string_view kVerifyTitle = "Verify your e-mail address";
constexpr std::string_view kResetTitle = "Choose a new password";

Response MissingToken(std::string_view title) {
  return Page(400, title,
              {"This link is incomplete: it has no token. Open the link from the mail as it is, "
               "or ask for a new mail."});
}

std::string VerifyForm(std::string_view token) {
  return "<form method=\"post\" action=\"verify-email\">" + HiddenToken(token) +
         "<button type=\"submit\">Verify my e-mail address</button></form>";
}

std::string ResetForm(std::string_view token) {
  return "<form method=\"post\" action=\"reset-password\">" + HiddenToken(token) +
         "<p><label>New password<br><input type=\"password\" name=\"newPassword\" "
         "autocomplete=\"new-password\" required></label></p>"
         "<p><label>Repeat it<br><input type=\"password\" name=\"confirmPassword\" "
         "autocomplete=\"new-password\" required></label></p>"
         "<button type=\"submit\">Set the new password</button></form>";
}

// LinkPage is the GET page a mailed link opens: `form(token)` under `title` and `intro`, or a
// 400 page when the link has no token. Opening it spends nothing.
Endpoint LinkPage(std::string route, OpenApiDoc doc, std::string_view title,
                  std::vector<std::string> intro, std::string (*form)(std::string_view)) {
  doc.tag = "pages";
  doc.responses = {{200, "The HTML form.", ""}, {400, "The link has no token (an HTML page).", ""}};
  doc.query = {{.name = "token", .description = "The token from the mailed link."}};
  return {.method = Method::kGet,
          .route = std::move(route),
          .execution = Execution::kInline,
          .doc = std::move(doc),
          .handler = [title, intro = std::move(intro), form](Request& request) {
            const auto token = request.QueryParam("token");
            if (!token || token->empty()) return MissingToken(title);
            return Page(200, title, intro, form(*token));
          }};
}

}  // namespace

std::vector<Endpoint> MailPageEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;

  endpoints.push_back(LinkPage("/verify-email",
                              {.operation_id = "verifyEmailPage",
                               .summary = "The page of the verification mail's link",
                               .description = "An HTML form that posts the link's token to "
                                              "`POST /verify-email`. Opening it does not spend "
                                              "the token."},
                              kVerifyTitle, {"Confirm that this address is yours."}, VerifyForm));
  endpoints.push_back({
      .method = Method::kPost,
      .route = "/verify-email",
      .doc = {.operation_id = "submitVerifyEmailPage",
              .summary = "Verify the e-mail address (HTML form post)",
              .description = "The form of `GET /verify-email`: `token` as "
                             "application/x-www-form-urlencoded. Answers an HTML page.",
              .tag = "pages",
              .responses = {{200, "Verified (an HTML page).", ""},
                            {400, "Malformed form data.", ""},
                            {415, "Not application/x-www-form-urlencoded.", ""},
                            {422, "The token is missing, unknown, used or expired.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto fields = FormFields(request, kVerifyTitle);
            if (!fields) return fields.error();
            application::VerifyEmailCommand command{.token = FieldOf(*fields, "token")};
            if (command.token.empty()) return MissingToken(kVerifyTitle);
            auto done = dispatcher.Send(command, CallerOf(request));
            if (!done) return ErrorPage(done.error(), kVerifyTitle, {});
            return Page(200, "E-mail address verified",
                        {"Thank you: your e-mail address is verified. You can close this page."});
          },
  });

  endpoints.push_back(LinkPage("/reset-password",
                              {.operation_id = "resetPasswordPage",
                               .summary = "The page of the password-reset mail's link",
                               .description = "An HTML form for the new password that posts it "
                                              "with the link's token to `POST /reset-password`."},
                              kResetTitle, {}, ResetForm));
  endpoints.push_back({
      .method = Method::kPost,
      .route = "/reset-password",
      .doc = {.operation_id = "submitResetPasswordPage",
              .summary = "Set a new password (HTML form post)",
              .description = "The form of `GET /reset-password`: `token`, `newPassword` and "
                             "`confirmPassword` as application/x-www-form-urlencoded. The same "
                             "rules as `POST /api/v1/auth/reset-password`; answers an HTML page "
                             "(with the form again when the password is refused).",
              .tag = "pages",
              .responses = {{200, "The password is reset (an HTML page).", ""},
                            {400, "Malformed form data.", ""},
                            {415, "Not application/x-www-form-urlencoded.", ""},
                            {422, "Bad token, password policy, or the two entries differ.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto fields = FormFields(request, kResetTitle);
            if (!fields) return fields.error();
            application::ResetPasswordCommand command{
                .token = FieldOf(*fields, "token"),
                .new_password = FieldOf(*fields, "newPassword")};
            if (command.token.empty()) return MissingToken(kResetTitle);
            if (command.new_password != FieldOf(*fields, "confirmPassword")) {
              return Page(422, kResetTitle, {"The two passwords differ. Enter the same one twice."},
                          ResetForm(command.token));
            }
            auto done = dispatcher.Send(command, CallerOf(request));
            if (!done) {
              // A refused password can be corrected on the same form; a bad token cannot.
              const auto& errors = done.error().fields;
              const bool password_problem =
                  !errors.empty() && std::ranges::none_of(errors, [](const auto& field) {
                    return field.field == "token";
                  });
              return ErrorPage(done.error(), kResetTitle,
                               password_problem ? ResetForm(command.token) : std::string());
            }
            return Page(200, "Password changed",
                        {"Your password is changed and every earlier session is signed out. "
                         "Sign in with the new password."});
          },
  });
  return endpoints;
}

}  // namespace rampart::api
