#pragma once
// Text into HTML: user-controlled text (a display name) placed in markup we write — the HTML
// part of a mail, a page — is escaped so it can never become markup.
#include <string>
#include <string_view>

namespace rampart::application {

// AppendHtmlEscaped appends `text` with & < > " ' as character references: safe in element content
// and in a quoted attribute value.
void AppendHtmlEscaped(std::string& out, std::string_view text);

std::string HtmlEscaped(std::string_view text);

}  // namespace rampart::application
