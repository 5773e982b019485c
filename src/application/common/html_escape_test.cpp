#include "application/common/html_escape.hpp"

#include <gtest/gtest.h>

namespace rampart::application {
namespace {

TEST(HtmlEscaped, EscapesEveryCharacterThatCouldOpenMarkupOrLeaveAnAttribute) {
  EXPECT_EQ(HtmlEscaped(R"(<script>alert("x")</script> & 'y')"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  EXPECT_EQ(HtmlEscaped("Zo\xC3\xAB"), "Zo\xC3\xAB");  // UTF-8 passes through
  EXPECT_EQ(HtmlEscaped(""), "");
}

}  // namespace
}  // namespace rampart::application
