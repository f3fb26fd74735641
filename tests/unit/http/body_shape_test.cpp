// BodyShape: one declaration gives the published schema and the parser, and the parser refuses
// exactly what the schema does not allow, naming the field.
#include "http/body_shape.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

namespace ug::http {
namespace {

namespace json = boost::json;

enum class Colour { red, green };

struct Span {
  std::int64_t value = 0;
  Colour colour = Colour::red;
};

struct Sample {
  std::string name;
  std::string note = "default";
  std::string size;
  bool active = true;
  int small = 0;
  double ratio = 0;
  std::vector<std::string> tags;
  std::optional<std::string> clearable;
  std::optional<bool> flag;
  std::map<std::string, double> weights;
  std::optional<Span> span;
};

const BodyShape<Span>& span_shape() {
  static const BodyShape<Span> shape{
      field("value", &Span::value, {.zh = "数值", .en = "Value", .required = true, .minimum = 1, .maximum = 10}),
      field("colour", &Span::colour, {.required = true},
            choice<Colour>({{"red", Colour::red}, {"green", Colour::green}})),
  };
  return shape;
}

const BodyShape<Sample>& sample_shape() {
  static const BodyShape<Sample> shape{
      field("name", &Sample::name, {.zh = "名称", .en = "Name", .required = true, .max_bytes = 6}),
      field("note", &Sample::note, {}),
      field("size", &Sample::size, {.one_of = {"s", "m"}, .blank_means_default = true}),
      field("active", &Sample::active, {}),
      field("small", &Sample::small, {}),
      field("ratio", &Sample::ratio, {.minimum = 0}),
      field("tags", &Sample::tags, {.one_of = {"a", "b"}}),
      field("clearable", &Sample::clearable, {}),
      field("flag", &Sample::flag, {}),
      field("weights", &Sample::weights, {}),
      field("span", &Sample::span, {.invalid = "routing_api.limit_invalid"}, object_of(span_shape())),
  };
  return shape;
}

Result<Sample> read(std::string_view body) { return sample_shape().read(json::parse(body).as_object()); }

// The field a refusal names, and its message key.
std::pair<std::string, std::string> refusal(std::string_view body) {
  const auto r = read(body);
  EXPECT_FALSE(r) << body;
  if (r) return {};
  EXPECT_EQ(r.error().code, ErrorCode::validation_failed) << body;
  for (const auto& [key, value] : r.error().details) {
    if (key == "field") return {std::get<std::string>(value), std::string(r.error().message_key())};
  }
  return {"", std::string(r.error().message_key())};
}

TEST(BodyShape, TheSchemaIsTheDeclaration) {
  const auto schema = sample_shape().schema();
  EXPECT_EQ(json::serialize(schema.at("required")), R"(["name"])");
  const auto& p = schema.at("properties").as_object();
  EXPECT_EQ(json::serialize(p.at("name")),
            R"({"type":"string","x-max-bytes":6,"description":"名称","x-description-en":"Name"})");
  EXPECT_EQ(json::serialize(p.at("size")), R"({"enum":["","s","m"]})");
  EXPECT_EQ(json::serialize(p.at("active")), R"({"type":"boolean"})");
  EXPECT_EQ(json::serialize(p.at("ratio")), R"({"type":"number","minimum":0})");
  EXPECT_EQ(json::serialize(p.at("tags")), R"({"type":"array","items":{"enum":["a","b"]}})");
  EXPECT_EQ(json::serialize(p.at("weights")), R"({"type":"object","additionalProperties":{"type":"number"}})");
  EXPECT_EQ(json::serialize(p.at("span").at("required")), R"(["value","colour"])");
  EXPECT_EQ(json::serialize(p.at("span").at("properties").at("colour")), R"({"enum":["red","green"]})");
  EXPECT_EQ(p.size(), 11U);
}

TEST(BodyShape, ReadsEachMemberAndLeavesDefaultsOfAbsentFields) {
  const auto r = read(R"({"name":"井盖","size":"m","active":false,"small":7,"ratio":0.5,"tags":["a","b"],
    "clearable":"x","flag":true,"weights":{"k":2.5},"span":{"value":3,"colour":"green"}})");
  ASSERT_TRUE(r) << r.error().public_message();
  EXPECT_EQ(r->name, "井盖");
  EXPECT_EQ(r->note, "default");
  EXPECT_EQ(r->size, "m");
  EXPECT_FALSE(r->active);
  EXPECT_EQ(r->small, 7);
  EXPECT_EQ(r->ratio, 0.5);
  EXPECT_EQ(r->tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r->clearable, "x");
  EXPECT_EQ(r->flag, true);
  EXPECT_EQ(r->weights.at("k"), 2.5);
  ASSERT_TRUE(r->span);
  EXPECT_EQ(r->span->value, 3);
  EXPECT_EQ(r->span->colour, Colour::green);

  const auto bare = read(R"({"name":"a","size":"","note":null,"flag":null,"clearable":null})");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->note, "default");           // null: as if absent
  EXPECT_EQ(bare->size, "");                  // "" on a blank_means_default choice: not chosen
  EXPECT_TRUE(bare->active);                  // the member's default
  EXPECT_FALSE(bare->flag);                   // an optional flag stays empty
  EXPECT_EQ(bare->clearable, std::string());  // null on an optional text: set it empty (a PATCH clearing it)
  EXPECT_FALSE(bare->span);
}

TEST(BodyShape, EachRefusalNamesItsFieldAndWhy) {
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(refusal(R"({})"), (P{"name", "field.required"}));
  EXPECT_EQ(refusal(R"({"name":null})"), (P{"name", "field.required"}));
  EXPECT_EQ(refusal(R"({"name":5})"), (P{"name", "field.not_string"}));
  EXPECT_EQ(refusal(R"({"name":"七个字节"})"), (P{"name", "field.too_long"}));  // 12 bytes
  EXPECT_EQ(refusal(R"({"name":"a","size":"xl"})"), (P{"size", "field.not_one_of"}));
  EXPECT_EQ(refusal(R"({"name":"a","active":"yes"})"), (P{"active", "field.not_boolean"}));
  EXPECT_EQ(refusal(R"({"name":"a","small":1.5})"), (P{"small", "field.not_integer"}));
  EXPECT_EQ(refusal(R"({"name":"a","small":9999999999})"), (P{"small", "field.out_of_range"}));
  EXPECT_EQ(refusal(R"({"name":"a","ratio":-1})"), (P{"ratio", "field.below_minimum"}));
  EXPECT_EQ(refusal(R"({"name":"a","ratio":"1"})"), (P{"ratio", "field.not_number"}));
  EXPECT_EQ(refusal(R"({"name":"a","tags":"a"})"), (P{"tags", "field.not_string_list"}));
  EXPECT_EQ(refusal(R"({"name":"a","tags":["a",1]})"), (P{"tags[1]", "field.not_string"}));
  EXPECT_EQ(refusal(R"({"name":"a","tags":["c"]})"), (P{"tags[0]", "field.not_one_of"}));
  EXPECT_EQ(refusal(R"({"name":"a","weights":[]})"), (P{"weights", "field.not_object"}));
  EXPECT_EQ(refusal(R"({"name":"a","weights":{"k":"2"}})"), (P{"weights.k", "field.not_number"}));
  // A field with a message of its own says it for whatever is wrong inside it.
  EXPECT_EQ(refusal(R"({"name":"a","span":{"value":0,"colour":"red"}})"), (P{"span", "routing_api.limit_invalid"}));
  EXPECT_EQ(refusal(R"({"name":"a","span":7})"), (P{"span", "routing_api.limit_invalid"}));
}

// Review finding: "" on an optional choice left the value-initialised enum (the first one) instead
// of "none" (a rule's blank urgency meant normal, not any).
TEST(BodyShape, ABlankChoiceLeavesAnOptionalMemberEmpty) {
  struct Pick {
    std::optional<Colour> colour;
  };
  const FieldSpec spec{.blank_means_default = true};
  const BodyShape<Pick> shape{
      field("colour", &Pick::colour, spec, choice<Colour>({{"red", Colour::red}, {"green", Colour::green}}, spec))};
  const auto blank = shape.read(json::parse(R"({"colour":""})").as_object());
  ASSERT_TRUE(blank);
  EXPECT_FALSE(blank->colour);
  EXPECT_EQ(shape.read(json::parse(R"({"colour":"green"})").as_object())->colour, Colour::green);
}

TEST(BodyShape, ANestedShapeNamesTheFieldInsideIt) {
  Span span;
  const auto r = object_of(span_shape()).read(json::parse(R"({"value":11,"colour":"red"})"), span, "limit");
  ASSERT_FALSE(r);
  EXPECT_EQ(std::get<std::string>(r.error().details.at(0).second), "limit.value");
  EXPECT_EQ(r.error().message_key(), "field.out_of_range");
}

// Regression (issue 19): NUL and other control characters reached storage through text fields.
TEST(BodyShape, TextRefusesC0ControlsButLineBreaksAndTabs) {
  struct Texts {
    std::string text;
    std::vector<std::string> list;
  };
  const BodyShape<Texts> shape{field("text", &Texts::text, {}), field("list", &Texts::list, {})};
  const auto ok = shape.read(json::parse(R"({"text":"第一行\n第二行\r\n\t缩进"})").as_object());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->text, "第一行\n第二行\r\n\t缩进");
  for (const char* body : {R"({"text":"a\u0000b"})", R"({"text":"\u0007"})", R"({"text":"\u001b[2J"})"}) {
    SCOPED_TRACE(body);
    const auto read = shape.read(json::parse(body).as_object());
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::validation_failed);
    EXPECT_EQ(read.error().message_key(), "field.control_characters");
    EXPECT_EQ(std::get<std::string>(read.error().details.at(0).second), "text");
  }
  EXPECT_FALSE(shape.read(json::parse(R"({"list":["fine","bad\u0001"]})").as_object()));
  EXPECT_TRUE(shape.read(json::parse(R"({"text":"\u007f"})").as_object()));  // DEL is not a C0 control
}

TEST(BodyShape, AnEmbeddedShapesFieldsAreTheBodysOwn) {
  struct Outer {
    Span span;
    std::string extra;
  };
  const BodyShape<Outer> shape{embed(&Outer::span, span_shape()), field("extra", &Outer::extra, {})};
  EXPECT_EQ(json::serialize(shape.schema().at("required")), R"(["value","colour"])");
  EXPECT_EQ(shape.schema().at("properties").as_object().size(), 3U);
  const auto r = shape.read(json::parse(R"({"value":2,"colour":"green","extra":"x"})").as_object());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->span.value, 2);
  EXPECT_EQ(r->extra, "x");
}

}  // namespace
}  // namespace ug::http
