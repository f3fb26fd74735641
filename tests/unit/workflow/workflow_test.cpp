// The transition table against a second, independent statement of DOMAIN.md §4 written below as
// text: every state (and intake) × every action × every role × channel kind × waiting request must
// give exactly the answer that statement implies — allowed with its next state, 409 with the
// allowed actions, 403, or 422 naming the missing fields. Plus the table's own consistency and the
// docs file generated from it.
#include "workflow/workflow.hpp"
#include "workflow/process.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "support/test_env.hpp"

namespace ug::workflow {
namespace {

// FROM ACTION TO roles=… [guards=…] [required=…]; FROM "new" is intake, "*" every open state, a
// comma list several states; TO "=" stays. Guards: supervisor, not_supervisor, public, not_public,
// no_pending:KIND, pending:KIND.
constexpr const char* kSpec = R"(
new report reported roles=citizen,supervisor,operator,integration guards=not_supervisor
new report pending_register roles=citizen,supervisor,operator,integration guards=supervisor
new self_handle pending_close roles=supervisor guards=supervisor required=comment,after_photos
reported accept pending_register roles=operator guards=not_public
reported request_verify verifying roles=operator
reported reject invalid roles=operator required=reason
reported,verifying,pending_register merge merged roles=operator required=merge_target
verifying verify_ok pending_register roles=supervisor required=comment
verifying verify_not_found invalid roles=supervisor required=comment
pending_register register pending_dispatch roles=shift_leader required=category,urgency
pending_register decline_register rejected roles=shift_leader required=reason
pending_dispatch dispatch dispatched roles=dispatcher required=department
dispatched sign handling roles=handler
dispatched,handling request_return = roles=handler guards=no_pending:return required=reason
dispatched,handling approve_return pending_dispatch roles=dispatcher guards=pending:return
dispatched,handling deny_return = roles=dispatcher guards=pending:return required=reason
handling request_extension = roles=handler guards=no_pending:extension required=extension,reason
handling approve_extension = roles=dispatcher guards=pending:extension
handling deny_extension = roles=dispatcher guards=pending:extension required=reason
handling request_suspend = roles=handler guards=no_pending:suspend required=reason
handling approve_suspend suspended roles=dispatcher guards=pending:suspend
handling deny_suspend = roles=dispatcher guards=pending:suspend required=reason
suspended resume handling roles=dispatcher
handling finish handled roles=handler required=comment,after_photos
handled request_check checking roles=operator
checking check_pass pending_close roles=supervisor required=comment
checking check_fail handling roles=supervisor required=reason
pending_close close closed roles=shift_leader
closed reopen pending_dispatch roles=shift_leader required=reason
closed callback = roles=citizen,operator guards=public required=satisfaction
* request_void = roles=operator,shift_leader guards=no_pending:void required=reason
* approve_void void roles=shift_leader guards=pending:void
* deny_void = roles=shift_leader guards=pending:void required=reason
reported,verifying,pending_register,pending_dispatch place = roles=operator,shift_leader required=location
)";

struct SpecRow {
  std::string from, action, to;
  std::set<std::string> roles, guards;
  std::vector<std::string> required;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

const std::vector<std::string> kOpenStates = {"reported",   "verifying",    "pending_register", "pending_dispatch",
                                              "dispatched", "handling",     "suspended",        "handled",
                                              "checking",   "pending_close"};

std::vector<SpecRow> spec() {
  std::vector<SpecRow> rows;
  for (const auto& line : split(kSpec, '\n')) {
    const auto words = split(line, ' ');
    SpecRow base{"", words.at(1), words.at(2), {}, {}, {}};
    for (std::size_t i = 3; i < words.size(); ++i) {
      const auto eq = words[i].find('=');
      const auto key = words[i].substr(0, eq);
      const auto values = split(words[i].substr(eq + 1), ',');
      if (key == "roles") base.roles = {values.begin(), values.end()};
      if (key == "guards") base.guards = {values.begin(), values.end()};
      if (key == "required") base.required = values;
    }
    for (const auto& from : words[0] == "*" ? kOpenStates : split(words[0], ',')) {
      auto row = base;
      row.from = from;
      if (row.to == "=") row.to = from;
      rows.push_back(row);
    }
  }
  return rows;
}

bool holds(const std::string& guard, const std::string& channel, std::uint8_t pending) {
  const bool is_public = channel == "hotline_12345";
  if (guard == "supervisor") return channel == "supervisor";
  if (guard == "not_supervisor") return channel != "supervisor";
  if (guard == "public") return is_public;
  if (guard == "not_public") return !is_public;
  const std::map<std::string, std::uint8_t> kinds = {{"return", 1}, {"extension", 2}, {"suspend", 4}, {"void", 8}};
  const auto colon = guard.find(':');
  const auto bit = kinds.at(guard.substr(colon + 1));
  return guard.starts_with("no_pending") ? (pending & bit) == 0 : (pending & bit) != 0;
}

TEST(Workflow, EveryStateActionRoleChannelAndRequestAnswersAsDomainSays) {
  const auto rows = spec();
  std::vector<std::string> froms = {"new"};
  for (std::size_t i = 0; i < kStateCount; ++i) froms.emplace_back(to_string(static_cast<State>(i)));
  int allowed = 0, illegal = 0, forbidden = 0;
  for (const auto& from : froms) {
    for (std::size_t a = 0; a < kActionCount; ++a) {
      const auto action = static_cast<Action>(a);
      for (const auto& role_info : access::roles()) {
        access::Principal caller;
        caller.roles = {role_info.role};
        for (const std::string channel : {"supervisor", "hotline_12345", "video_ai"}) {
          for (const std::uint8_t pending : {0, 1, 2, 4, 8}) {
            SCOPED_TRACE(from + " " + std::string(to_string(action)) + " " + std::string(role_info.code) + " " +
                         channel + " pending=" + std::to_string(pending));
            const SpecRow* expected = nullptr;
            for (const auto& r : rows) {
              if (r.from != from || r.action != to_string(action)) continue;
              if (std::all_of(r.guards.begin(), r.guards.end(),
                              [&](const auto& g) { return holds(g, channel, pending); })) {
                ASSERT_EQ(expected, nullptr) << "the statement itself is ambiguous";
                expected = &r;
              }
            }
            CaseFacts facts{from == "new" ? std::nullopt : parse_state(from), channel, pending};
            ActionInput everything;
            for (std::size_t f = 0; f <= static_cast<std::size_t>(Field::location); ++f) {
              everything.present.push_back(static_cast<Field>(f));
            }
            const auto result = decide(facts, action, caller, everything);
            if (expected == nullptr) {
              ASSERT_FALSE(result);
              EXPECT_EQ(result.error().code, ErrorCode::illegal_transition);
              ++illegal;
            } else if (!expected->roles.contains(std::string(role_info.code))) {
              ASSERT_FALSE(result);
              EXPECT_EQ(result.error().code, ErrorCode::forbidden);
              ++forbidden;
            } else {
              ASSERT_TRUE(result) << result.error().public_message();
              EXPECT_EQ(to_string((*result)->to), expected->to);
              // Without its fields the same action is refused, naming exactly what is missing.
              const auto bare = decide(facts, action, caller, {});
              if (expected->required.empty()) {
                EXPECT_TRUE(bare);
              } else {
                ASSERT_FALSE(bare);
                EXPECT_EQ(bare.error().code, ErrorCode::validation_failed);
                const auto& missing = std::get<std::vector<std::string>>(bare.error().details.at(0).second);
                EXPECT_EQ(missing, expected->required);
              }
              ++allowed;
            }
          }
        }
      }
    }
  }
  // Every row of the statement is reachable, and the table has nothing the statement lacks.
  EXPECT_GT(allowed, 0);
  EXPECT_GT(forbidden, 0);
  EXPECT_GT(illegal, 0);
  std::size_t table_rows = transitions().size(), spec_rows = rows.size();
  EXPECT_EQ(table_rows, spec_rows);
}

TEST(Workflow, RefusalsSayWhatIsAllowed) {
  access::Principal operator_seat;
  operator_seat.roles = {access::Role::operator_};
  const CaseFacts reported_by_phone{State::reported, "hotline_12345", 0};
  const auto r = decide(reported_by_phone, Action::accept, operator_seat, {});
  ASSERT_FALSE(r);  // a public report must be verified first
  EXPECT_EQ(r.error().code, ErrorCode::illegal_transition);
  const auto& allowed = std::get<std::vector<std::string>>(r.error().details.at(1).second);
  EXPECT_EQ(allowed, (std::vector<std::string>{"request_verify", "reject", "merge", "request_void", "place"}));
  EXPECT_EQ(std::get<std::string>(r.error().details.at(0).second), "reported");
}

TEST(Workflow, RequestsWaitAndDecisionsClearThem) {
  const auto find = [](State from, Action a) {
    for (const auto& t : transitions()) {
      if (t.from == from && t.action == a) return &t;
    }
    return static_cast<const Transition*>(nullptr);
  };
  std::uint8_t pending = 0;
  pending = pending_after(*find(State::handling, Action::request_extension), pending);
  pending = pending_after(*find(State::handling, Action::request_suspend), pending);
  EXPECT_EQ(pending, bits(Pending::extension) | bits(Pending::suspend));
  pending = pending_after(*find(State::handling, Action::deny_suspend), pending);
  EXPECT_EQ(pending, bits(Pending::extension));
  pending = pending_after(*find(State::handling, Action::request_void), pending);
  pending = pending_after(*find(State::handling, Action::finish), pending);  // moot requests lapse; void stays
  EXPECT_EQ(pending, bits(Pending::void_));
  EXPECT_EQ(pending_after(*find(State::handled, Action::approve_void), pending), 0);
  EXPECT_EQ(find(State::handling, Action::approve_suspend)->handling, HandlingClock::pause);
  EXPECT_EQ(find(State::suspended, Action::resume)->handling, HandlingClock::resume);
  EXPECT_EQ(find(State::pending_dispatch, Action::dispatch)->handling, HandlingClock::start);
  EXPECT_EQ(find(State::checking, Action::check_fail)->handling, HandlingClock::restart);
}

TEST(Workflow, EveryOpenStateIsReachableAndCanEnd) {
  std::set<State> reached;
  std::vector<State> frontier;
  for (const auto& t : transitions()) {
    if (!t.from && reached.insert(t.to).second) frontier.push_back(t.to);
  }
  while (!frontier.empty()) {
    const auto s = frontier.back();
    frontier.pop_back();
    for (const auto& t : transitions()) {
      if (t.from == s && reached.insert(t.to).second) frontier.push_back(t.to);
    }
  }
  EXPECT_EQ(reached.size(), kStateCount);  // every state, terminal ones included
  for (std::size_t a = 0; a < kActionCount; ++a) {
    const auto action = static_cast<Action>(a);
    const auto rows = is_legacy(action) ? legacy_transitions() : transitions();  // a legacy action only folds
    EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [&](const auto& t) { return t.action == action; }))
        << to_string(action);
    EXPECT_EQ(parse_action(to_string(action)), action);
  }
  EXPECT_EQ(to_string(State::void_), "void");
  EXPECT_EQ(to_string(Action::register_), "register");
  EXPECT_EQ(stage_of(State::dispatched), Stage::sign);
  EXPECT_TRUE(is_terminal(State::merged));
  EXPECT_FALSE(is_terminal(State::suspended));
}

TEST(Workflow, DocsFilesAreTheGeneratedTables) {
  const auto read = [](const std::string& path) {
    std::ifstream in(test::source_dir() / path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  EXPECT_EQ(read("docs/workflow.md"), processes_index()) << "regenerate: build/urbangrid workflow > docs/workflow.md";
  for (const auto* process : processes()) {
    const auto path = "docs/processes/" + std::string(process->code) + ".md";
    EXPECT_EQ(read(path), process_documentation(*process))
        << "regenerate: build/urbangrid workflow " << process->code << " > " << path;
  }
}

TEST(Workflow, EachAllowedActionCarriesItsForm) {
  access::Principal dispatcher;
  dispatcher.roles = {access::Role::dispatcher};
  const auto forms = action_fields({State::handling, "hotline_12345", bits(Pending::extension)}, dispatcher);
  const auto form = [&](Action a) {
    const auto it = std::find_if(forms.begin(), forms.end(), [&](const ActionFields& f) { return f.action == a; });
    return it == forms.end() ? nullptr : &*it;
  };
  ASSERT_NE(form(Action::approve_extension), nullptr);
  EXPECT_TRUE(form(Action::approve_extension)->required.empty());
  EXPECT_EQ(form(Action::approve_extension)->optional, std::vector<Field>{Field::extension});
  ASSERT_NE(form(Action::deny_extension), nullptr);
  EXPECT_EQ(form(Action::deny_extension)->required, std::vector<Field>{Field::reason});
  // One form per allowed action, in the same order.
  const auto allowed = allowed_actions({State::handling, "hotline_12345", bits(Pending::extension)}, dispatcher);
  ASSERT_EQ(forms.size(), allowed.size());
  for (std::size_t i = 0; i < forms.size(); ++i) EXPECT_EQ(forms[i].action, allowed[i]);
  EXPECT_EQ(field_infos()[static_cast<std::size_t>(Field::department)].zh, "处置单位");
}

TEST(Workflow, ACityMayRequireMoreOfAnAction) {
  const auto extra = parse_extra_required(" sign : comment ; check_pass:after_photos,comment").value();
  EXPECT_EQ(extra.at(Action::sign), std::vector<Field>{Field::comment});
  EXPECT_EQ(extra.at(Action::check_pass), (std::vector<Field>{Field::after_photos, Field::comment}));
  EXPECT_TRUE(parse_extra_required("").value().empty());
  for (const auto* bad : {"sign", "sign:", "sign:colour", "fly:comment", "report:comment", "sign:comment;;x:y"}) {
    EXPECT_FALSE(parse_extra_required(bad)) << bad;
  }

  access::Principal handler;
  handler.roles = {access::Role::handler};
  const CaseFacts dispatched_case{State::dispatched, "hotline_12345", 0};
  EXPECT_TRUE(decide(dispatched_case, Action::sign, handler, {}));  // the table asks nothing
  const auto refused = decide(dispatched_case, Action::sign, handler, {}, extra);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::validation_failed);
  EXPECT_TRUE(decide(dispatched_case, Action::sign, handler, {{Field::comment}}, extra));
  const auto forms = action_fields(dispatched_case, handler, extra);
  const auto sign =
      std::find_if(forms.begin(), forms.end(), [](const ActionFields& f) { return f.action == Action::sign; });
  ASSERT_NE(sign, forms.end());
  EXPECT_EQ(sign->required, std::vector<Field>{Field::comment});
  // A field the row already requires is not asked twice, and an optional one becomes required.
  const auto checks = parse_extra_required("check_pass:comment,after_photos").value();
  access::Principal supervisor;
  supervisor.roles = {access::Role::supervisor};
  const auto check_forms = action_fields({State::checking, "hotline_12345", 0}, supervisor, checks);
  const auto pass = std::find_if(check_forms.begin(), check_forms.end(),
                                 [](const ActionFields& f) { return f.action == Action::check_pass; });
  ASSERT_NE(pass, check_forms.end());
  EXPECT_EQ(pass->required, (std::vector<Field>{Field::comment, Field::after_photos}));
  EXPECT_TRUE(pass->optional.empty());
}

TEST(Workflow, EveryRowOfAnActionNeedsTheSamePermission) {
  for (const auto& t : transitions()) EXPECT_EQ(permission_of(t.action), t.permission) << to_string(t.action);
}

TEST(Workflow, ACaseIsCalledBackOnceAndItsPhotosPlayTheRowsRole) {
  access::Principal seat;
  seat.roles = {access::Role::operator_};
  const auto callback_allowed = [&](bool rated) {
    const auto a = allowed_actions({State::closed, "hotline_12345", 0, rated}, seat);
    return std::find(a.begin(), a.end(), Action::callback) != a.end();
  };
  EXPECT_TRUE(callback_allowed(false));
  EXPECT_FALSE(callback_allowed(true));
  const auto again = decide({State::closed, "hotline_12345", 0, true}, Action::callback, seat, {{Field::satisfaction}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);  // not "no such action": it was done already
  const auto row = [](State from, Action a) {
    return *std::find_if(transitions().begin(), transitions().end(),
                         [&](const Transition& t) { return t.from == from && t.action == a; });
  };
  EXPECT_EQ(photo_role(row(State::handling, Action::finish)), "after");
  EXPECT_EQ(photo_role(row(State::checking, Action::check_fail)), "after");
  EXPECT_EQ(photo_role(row(State::verifying, Action::verify_ok)), "before");
  EXPECT_EQ(photo_role(row(State::reported, Action::reject)), "before");
}

}  // namespace
}  // namespace ug::workflow
