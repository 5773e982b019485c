#include "telemetry/span.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

namespace rampart::telemetry {
namespace {

class CollectingSink final : public SpanSink {
 public:
  void OnEnd(std::unique_ptr<SpanData> span) noexcept override {
    std::lock_guard lock(mutex_);
    spans_.push_back(*span);
    // Like the OTLP exporter: the span goes back to the pool, so every test also checks that a
    // recycled span starts clean.
    RecycleSpan(std::move(span));
  }
  std::vector<SpanData> Spans() {
    std::lock_guard lock(mutex_);
    return spans_;
  }

 private:
  std::mutex mutex_;
  std::vector<SpanData> spans_;
};

class SpanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetSpanSink(&sink_);
    SetSampleRatio(1.0);
  }
  void TearDown() override {
    SetSpanSink(nullptr);
    SetSampleRatio(1.0);
  }
  CollectingSink sink_;
};

const Attribute* Find(const SpanData& span, std::string_view key) {
  for (const auto& attribute : span.attributes) {
    if (attribute.key == key) return &attribute;
  }
  return nullptr;
}

TEST_F(SpanTest, ChildSpansNestUnderTheRootAcrossAThreadHop) {
  const auto parent = ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  RequestTimings timings;
  {
    RootSpan root("GET /x", SpanKind::kServer, parent, "k=v");
    const Context context = root.ContextFor("corr-1", &timings);
    std::thread worker([&] {
      ContextScope scope(context);
      EXPECT_EQ(Current().correlation_id, "corr-1");
      Span outer("use case");
      {
        Span query("SELECT notes", SpanKind::kClient, Work::kDatabase);
        query.SetAttribute("db.system.name", "sqlite");
        EXPECT_EQ(Current().span_id, query.Id());
      }
      EXPECT_EQ(Current().span_id, outer.Id());
    });
    worker.join();
    root.SetAttribute("http.response.status_code", 200);
  }
  const auto spans = sink_.Spans();
  ASSERT_EQ(spans.size(), 3u);
  const SpanData& query = spans[0];
  const SpanData& outer = spans[1];
  const SpanData& root = spans[2];
  EXPECT_EQ(root.name, "GET /x");
  EXPECT_EQ(root.kind, SpanKind::kServer);
  EXPECT_EQ(root.trace_id.Hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(root.parent_span_id, 0x00f067aa0ba902b7ULL);
  EXPECT_EQ(root.trace_state, "k=v");
  EXPECT_EQ(outer.parent_span_id, root.span_id);
  EXPECT_EQ(query.parent_span_id, outer.span_id);
  EXPECT_EQ(query.trace_id, root.trace_id);
  EXPECT_EQ(query.kind, SpanKind::kClient);
  ASSERT_NE(Find(query, "db.system.name"), nullptr);
  EXPECT_EQ(std::get<std::string>(Find(query, "db.system.name")->value), "sqlite");
  EXPECT_EQ(std::get<std::int64_t>(Find(root, "http.response.status_code")->value), 200);
  EXPECT_LE(root.start_unix_nanos, query.start_unix_nanos);
  EXPECT_GE(root.end_unix_nanos, query.end_unix_nanos);
  EXPECT_EQ(timings.calls[static_cast<int>(Work::kDatabase)].load(), 1u);
  EXPECT_GT(timings.nanos[static_cast<int>(Work::kDatabase)].load(), 0);
  EXPECT_EQ(timings.calls[static_cast<int>(Work::kNone)].load(), 0u);
  EXPECT_FALSE(Current().HasTrace());
}

TEST_F(SpanTest, UnsampledParentRecordsNothingButStillTimes) {
  const auto parent = ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  RequestTimings timings;
  {
    RootSpan root("GET /x", SpanKind::kServer, parent, "");
    EXPECT_FALSE(root.Recording());
    ContextScope scope(root.ContextFor("c", &timings));
    Span hash("hash", SpanKind::kInternal, Work::kPasswordHash);
    EXPECT_FALSE(hash.Recording());
    EXPECT_TRUE(Current().HasTrace());  // logs still carry the ids
  }
  EXPECT_TRUE(sink_.Spans().empty());
  EXPECT_EQ(timings.calls[static_cast<int>(Work::kPasswordHash)].load(), 1u);
}

TEST_F(SpanTest, SpansOutsideARequestDoNothing) {
  Span orphan("migration");
  EXPECT_FALSE(orphan.Recording());
  orphan.End();
  EXPECT_TRUE(sink_.Spans().empty());
}

// ... but still time from their construction: Elapsed() was the time since the steady clock's
// epoch (the host's uptime) for a span that never began.
TEST_F(SpanTest, ASpanOutsideARequestTimesFromItsConstruction) {
  Span orphan("cache delete");
  EXPECT_LT(orphan.Elapsed(), std::chrono::seconds(5));
  EXPECT_GE(orphan.Elapsed().count(), 0);
}

TEST_F(SpanTest, RatioSamplingDecidesNewTracesOnly) {
  SetSampleRatio(0.0);
  { RootSpan root("GET /a", SpanKind::kServer, std::nullopt, ""); }
  EXPECT_TRUE(sink_.Spans().empty());
  // A sampled caller wins over the local ratio (parent-based).
  const auto parent = ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  { RootSpan root("GET /b", SpanKind::kServer, parent, ""); }
  EXPECT_EQ(sink_.Spans().size(), 1u);

  SetSampleRatio(0.25);
  int sampled = 0;
  for (int i = 0; i < 4000; ++i) sampled += SampleNewTrace(NewTraceId()) ? 1 : 0;
  EXPECT_GT(sampled, 800);
  EXPECT_LT(sampled, 1200);
}

TEST_F(SpanTest, NoSinkMeansNoRecording) {
  SetSpanSink(nullptr);
  RootSpan root("GET /a", SpanKind::kServer, std::nullopt, "");
  EXPECT_FALSE(root.Recording());
  EXPECT_TRUE(root.Sampled());
}

TEST_F(SpanTest, ErrorsAndRenamesAreRecorded) {
  {
    RootSpan root("GET", SpanKind::kServer, std::nullopt, "");
    root.SetName("GET /notes/{id}");
    root.SetError("boom");
  }
  const auto spans = sink_.Spans();
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].name, "GET /notes/{id}");
  EXPECT_EQ(spans[0].status, SpanStatus::kError);
  EXPECT_EQ(spans[0].status_message, "boom");
  EXPECT_EQ(spans[0].parent_span_id, 0u);
}

TEST_F(SpanTest, ANameMadeOfTwoPartsIsJoinedWithASpace) {
  {
    RootSpan("first name that is long enough to need the heap", SpanKind::kServer, std::nullopt,
             "");
  }
  {
    RootSpan root("GET", SpanKind::kServer, std::nullopt, "");
    root.SetName("GET", "/api/v1/notes/{id}");
  }
  const auto spans = sink_.Spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[1].name, "GET /api/v1/notes/{id}");
}

TEST_F(SpanTest, ARecycledSpanCarriesNothingOfItsPreviousUse) {
  RequestTimings timings;
  RootSpan first("first", SpanKind::kServer, std::nullopt, "");
  {
    ContextScope scope(first.ContextFor("c", &timings));
    Span busy("busy span with a long name", SpanKind::kClient, Work::kCache);
    busy.SetAttribute("a", "a fairly long string value that needs the heap");
    busy.SetAttribute("b", std::int64_t{7});
    busy.SetAttribute("c", true);
    busy.SetError("boom");
  }
  first.End();
  RootSpan second("second", SpanKind::kServer, std::nullopt, "");
  {
    ContextScope scope(second.ContextFor("c", &timings));
    Span quiet("quiet");
    quiet.SetAttribute("only", std::int64_t{1});
  }
  second.End();

  const auto spans = sink_.Spans();
  ASSERT_EQ(spans.size(), 4u);
  const SpanData& quiet = spans[2];
  EXPECT_EQ(quiet.name, "quiet");
  EXPECT_EQ(quiet.kind, SpanKind::kInternal);
  EXPECT_EQ(quiet.status, SpanStatus::kUnset);
  EXPECT_EQ(quiet.status_message, "");
  ASSERT_EQ(quiet.attributes.size(), 1u);
  EXPECT_EQ(quiet.attributes[0].key, "only");
  EXPECT_EQ(std::get<std::int64_t>(quiet.attributes[0].value), 1);
  EXPECT_EQ(spans[3].name, "second");
  EXPECT_TRUE(spans[3].attributes.empty());
  EXPECT_EQ(spans[3].parent_span_id, 0u);
  EXPECT_EQ(quiet.parent_span_id, spans[3].span_id);
}

// Keeps what it receives, as the exporter's queue does until a batch is encoded.
class HoldingSink final : public SpanSink {
 public:
  void OnEnd(std::unique_ptr<SpanData> span) noexcept override {
    std::lock_guard lock(mutex_);
    spans_.push_back(std::move(span));
  }
  std::vector<std::unique_ptr<SpanData>> Take() {
    std::lock_guard lock(mutex_);
    return std::move(spans_);
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<SpanData>> spans_;
};

TEST(SpanPool, ABatchGivenBackIsReusedCleanByTheNextSpans) {
  HoldingSink sink;
  SetSpanSink(&sink);
  {
    RootSpan root("batched", SpanKind::kServer, std::nullopt, "");
    root.SetAttribute("left", "over");
    root.SetError("boom");
  }
  auto batch = sink.Take();
  ASSERT_EQ(batch.size(), 1u);
  const SpanData* given = batch[0].get();
  RecycleSpans(batch);
  EXPECT_EQ(batch[0], nullptr);  // the pool owns it now
  { RootSpan next("next", SpanKind::kServer, std::nullopt, ""); }
  auto reused = sink.Take();
  SetSpanSink(nullptr);
  ASSERT_EQ(reused.size(), 1u);
  EXPECT_EQ(reused[0].get(), given);  // the pool hands out the last span given back
  EXPECT_EQ(reused[0]->name, "next");
  EXPECT_TRUE(reused[0]->attributes.empty());
  EXPECT_EQ(reused[0]->status, SpanStatus::kUnset);
  EXPECT_EQ(reused[0]->status_message, "");
}

}  // namespace
}  // namespace rampart::telemetry
