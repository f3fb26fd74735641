// Routing precedence of DOMAIN.md §6, one step at a time, and the 属地兜底 fallback.
#include <gtest/gtest.h>

#include "catalog/routing.hpp"

namespace ug::catalog {
namespace {

constexpr const char* kGrid = "37081100200100A";  // district 370811, street 370811002, community 370811002001

ResponsibilityRule rule(std::int64_t id, std::string matter, std::string major, std::string area,
                        std::optional<Urgency> urgency, std::string department) {
  return {id,
          std::move(matter),
          std::move(major),
          std::move(area),
          urgency,
          std::move(department),
          {4, calendar::Unit::working_hours}};
}

std::string decide(const std::vector<ResponsibilityRule>& rules, const std::string& matter = "06001",
                   Urgency urgency = Urgency::normal, const std::string& place = kGrid) {
  return decide_routing(rules, {matter, place, urgency}, "JD-370811002", {2, calendar::Unit::working_days})
      .department_id;
}

TEST(Routing, ExactCategoryBeatsMajorClassBeatsAny) {
  const std::vector<ResponsibilityRule> rules = {rule(1, "", "", "", {}, "any"), rule(2, "", "06", "", {}, "major"),
                                                 rule(3, "06001", "", "", {}, "exact")};
  EXPECT_EQ(decide(rules), "exact");
  EXPECT_EQ(decide(rules, "06002"), "major");
  EXPECT_EQ(decide(rules, "09001"), "any");
}

TEST(Routing, CategoryPrecedenceComesBeforeArea) {
  // A major-class rule for the very grid loses to an exact-category rule for the whole city.
  const std::vector<ResponsibilityRule> rules = {rule(1, "", "06", kGrid, {}, "major-here"),
                                                 rule(2, "06001", "", "", {}, "exact-citywide")};
  EXPECT_EQ(decide(rules), "exact-citywide");
}

TEST(Routing, LongerAreaPrefixWins) {
  const std::vector<ResponsibilityRule> rules = {
      rule(1, "06001", "", "", {}, "city"), rule(2, "06001", "", "370811", {}, "district"),
      rule(3, "06001", "", "370811002", {}, "street"), rule(4, "06001", "", "370811002001", {}, "community"),
      rule(5, "06001", "", "370811003", {}, "other-street")};
  EXPECT_EQ(decide(rules), "community");
  EXPECT_EQ(decide(rules, "06001", Urgency::normal, "37081100299900B"), "street");
  EXPECT_EQ(decide(rules, "06001", Urgency::normal, "37081299900100A"), "city");
  EXPECT_EQ(decide(rules, "06001", Urgency::normal, ""), "city");  // outside every grid
}

TEST(Routing, AreaPrecedenceComesBeforeUrgency) {
  const std::vector<ResponsibilityRule> rules = {rule(1, "06001", "", "", Urgency::urgent, "citywide-urgent"),
                                                 rule(2, "06001", "", "370811", {}, "district-any")};
  EXPECT_EQ(decide(rules, "06001", Urgency::urgent), "district-any");
}

TEST(Routing, ExactUrgencyBeatsAny) {
  const std::vector<ResponsibilityRule> rules = {rule(1, "06001", "", "370811", {}, "any-urgency"),
                                                 rule(2, "06001", "", "370811", Urgency::critical, "critical")};
  EXPECT_EQ(decide(rules, "06001", Urgency::critical), "critical");
  EXPECT_EQ(decide(rules, "06001", Urgency::normal), "any-urgency");  // a critical-only rule does not apply
}

TEST(Routing, LowestRuleIdBreaksTheLastTie) {
  const std::vector<ResponsibilityRule> rules = {rule(9, "06001", "", "370811", {}, "nine"),
                                                 rule(4, "06001", "", "370811", {}, "four"),
                                                 rule(7, "06001", "", "370811", {}, "seven")};
  EXPECT_EQ(decide(rules), "four");
}

TEST(Routing, DecisionNamesTheRuleAndItsLimit) {
  const auto d = decide_routing({rule(3, "06001", "", "370811", {}, "HW")}, {"06001", kGrid, Urgency::normal}, "JD",
                                {2, calendar::Unit::working_days});
  ASSERT_TRUE(d.rule);
  EXPECT_EQ(d.rule->id, 3);
  EXPECT_FALSE(d.fallback);
  EXPECT_EQ(d.limit.value, 4);
  EXPECT_EQ(d.limit.unit, calendar::Unit::working_hours);
  EXPECT_NE(d.reason.find("规则 #3"), std::string::npos) << d.reason;
}

TEST(Routing, NoRuleFallsBackToTheStreetOffice) {
  const auto d = decide_routing({rule(1, "09001", "", "", {}, "JJ")}, {"06001", kGrid, Urgency::normal}, "JD-370811002",
                                {2, calendar::Unit::working_days});
  EXPECT_TRUE(d.fallback);
  EXPECT_FALSE(d.rule);
  EXPECT_EQ(d.department_id, "JD-370811002");
  EXPECT_EQ(d.limit.value, 2);
  EXPECT_EQ(d.limit.unit, calendar::Unit::working_days);
  EXPECT_NE(d.reason.find("属地兜底"), std::string::npos);
  const auto nobody = decide_routing({}, {"06001", "", Urgency::normal}, "", {2, calendar::Unit::working_days});
  EXPECT_TRUE(nobody.fallback);
  EXPECT_TRUE(nobody.department_id.empty());
  EXPECT_NE(nobody.reason.find("派遣员"), std::string::npos);
}

TEST(Routing, RulesAreValidatedBeforeTheyAreStored) {
  EXPECT_TRUE(validate_rule(rule(1, "06001", "", "370811", {}, "HW")));
  EXPECT_FALSE(validate_rule(rule(1, "0600", "", "", {}, "HW")));
  EXPECT_FALSE(validate_rule(rule(1, "06001", "06", "", {}, "HW")));
  EXPECT_FALSE(validate_rule(rule(1, "", "6", "", {}, "HW")));
  EXPECT_FALSE(validate_rule(rule(1, "", "", "3708", {}, "HW")));
  EXPECT_TRUE(validate_rule(rule(1, "", "", "37081100200100A", {}, "HW")));
  EXPECT_FALSE(validate_rule(rule(1, "", "", "abcdefghijklmno", {}, "HW")));  // 15 characters, not a grid code
  EXPECT_FALSE(validate_rule(rule(1, "", "", "", {}, "")));
  auto zero = rule(1, "", "", "", {}, "HW");
  zero.limit.value = 0;
  EXPECT_FALSE(validate_rule(zero));
  EXPECT_EQ(parse_urgency("critical"), Urgency::critical);
}

}  // namespace
}  // namespace ug::catalog
