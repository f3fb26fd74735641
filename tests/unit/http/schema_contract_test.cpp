// The declared shapes as a contract: schemas are closed where they list their properties, and a
// body's undeclared fields are found at any depth, in order (http/schema_contract.hpp).
#include "http/schema_contract.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace ug::http {
namespace {

namespace json = boost::json;

const json::value kAction = closed_schema(json::parse(R"({"type": "object", "required": ["version"],
  "properties": {"version": {"type": "integer"},
    "extension": {"oneOf": [{"type": "string"},
      {"type": "object", "properties": {"amount": {"type": "integer"}, "unit": {"type": "string"}}}]},
    "days": {"type": "array", "items": {"type": "object", "properties": {"date": {"type": "string"}}}},
    "weights": {"type": "object", "additionalProperties": {"type": "number"}},
    "file": {"type": "object", "additionalProperties": true, "properties": {"year": {"type": "integer"}}}}})"));

std::vector<std::string> undeclared(const char* body) { return undeclared_fields(kAction, json::parse(body)); }

TEST(SchemaContract, AnObjectThatListsItsPropertiesIsClosedUnlessItSaysOtherwise) {
  EXPECT_EQ(kAction.at("additionalProperties"), json::value(false));
  EXPECT_EQ(kAction.at("properties").at("days").at("items").at("additionalProperties"), json::value(false));
  EXPECT_EQ(kAction.at("properties").at("extension").at("oneOf").at(1).at("additionalProperties"), json::value(false));
  EXPECT_EQ(kAction.at("properties").at("file").at("additionalProperties"), json::value(true));  // kept
  EXPECT_TRUE(kAction.at("properties").at("weights").at("additionalProperties").is_object());    // kept
  EXPECT_FALSE(kAction.at("properties").at("version").as_object().contains("additionalProperties"));
}

TEST(SchemaContract, UndeclaredFieldsAreNamedByTheirPathInTheOrderTheyCome) {
  EXPECT_TRUE(undeclared(R"({"version": 1})").empty());
  EXPECT_EQ(undeclared(R"({"versoin": 1, "version": 1, "colour": "red"})"),
            (std::vector<std::string>{"versoin", "colour"}));
  EXPECT_EQ(undeclared(R"({"version": 1, "days": [{"date": "2026-10-01"}, {"date": "x", "note": "y"}]})"),
            (std::vector<std::string>{"days[1].note"}));
}

TEST(SchemaContract, AnAlternativeIsJudgedByTheOneTheBodyFitsBest) {
  EXPECT_TRUE(undeclared(R"({"version": 1, "extension": "2 working_days"})").empty());
  EXPECT_TRUE(undeclared(R"({"version": 1, "extension": {"amount": 2, "unit": "working_days"}})").empty());
  EXPECT_EQ(undeclared(R"({"version": 1, "extension": {"amount": 2, "why": "rain"}})"),
            (std::vector<std::string>{"extension.why"}));
}

TEST(SchemaContract, OpenMapsAndThirdPartyFormatsTakeAnyKey) {
  EXPECT_TRUE(undeclared(R"({"version": 1, "weights": {"handle_rate": 0.4, "any": 1}})").empty());
  EXPECT_TRUE(undeclared(R"({"version": 1, "file": {"year": 2026, "$schema": "x", "papers": []}})").empty());
}

TEST(SchemaContract, ASchemaWithoutPropertiesOrABodyOfAnotherTypeHasNothingToRefuse) {
  const auto open = closed_schema(json::parse(R"({"type": "object"})"));
  EXPECT_TRUE(undeclared_fields(open, json::parse(R"({"anything": 1})")).empty());
  EXPECT_TRUE(undeclared(R"([1, 2])").empty());
  EXPECT_TRUE(undeclared(R"("text")").empty());
}

}  // namespace
}  // namespace ug::http
