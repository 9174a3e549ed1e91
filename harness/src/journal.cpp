#include "facecert/harness/journal.h"

#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <sqlite3.h>

namespace facecert::harness {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS run (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cases (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, clause TEXT, type TEXT, title TEXT, requirement TEXT,
  verdict TEXT NOT NULL, reason TEXT, measurements TEXT, evidence TEXT,
  started TEXT, finished TEXT, duration_s REAL);
CREATE TABLE IF NOT EXISTS manual_answers (
  case_id TEXT PRIMARY KEY, verdict TEXT NOT NULL, note TEXT, inspector TEXT, recorded TEXT,
  attachments TEXT);
)sql";

class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::filesystem::path& file) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(
          fmt::format("{}: journal error: {}", file.string(), sqlite3_errmsg(db)));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, double d) { sqlite3_bind_double(stmt_, i, d); }
  void bind(int i, int v) { sqlite3_bind_int(stmt_, i, v); }
  int step() { return sqlite3_step(stmt_); }
  std::string text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

nlohmann::json evidence_to_json(const std::vector<EvidenceRef>& ev) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& e : ev)
    a.push_back({{"path", e.path}, {"sha256", e.sha256}, {"kind", e.kind},
                 {"description", e.description}});
  return a;
}

std::vector<EvidenceRef> evidence_from_json(const nlohmann::json& a) {
  std::vector<EvidenceRef> out;
  if (!a.is_array()) return out;
  for (const auto& e : a)
    out.push_back({e.value("path", ""), e.value("sha256", ""), e.value("kind", ""),
                   e.value("description", "")});
  return out;
}

nlohmann::json header_json(const RunRecord& r) {
  return {{"run_id", r.run_id},
          {"facecert_version", r.facecert_version},
          {"plan_id", r.plan_id},
          {"plan_version", r.plan_version},
          {"plan_title", r.plan_title},
          {"regulation", r.regulation},
          {"plan_file", r.plan_file},
          {"plan_sha256", r.plan_sha256},
          {"product_profile", r.product_profile},
          {"device_driver", r.device_driver},
          {"device_url", r.device_url},
          {"device_info", r.device_info},
          {"started", r.started},
          {"planned_cases", r.planned_cases},
          {"tools", r.tools}};
}

void read_header(const std::string& text, RunRecord& run) {
  const auto h = nlohmann::json::parse(text);
  run.run_id = h.value("run_id", "");
  run.facecert_version = h.value("facecert_version", "");
  run.plan_id = h.value("plan_id", "");
  run.plan_version = h.value("plan_version", "");
  run.plan_title = h.value("plan_title", "");
  run.regulation = h.value("regulation", "");
  run.plan_file = h.value("plan_file", "");
  run.plan_sha256 = h.value("plan_sha256", "");
  run.product_profile = h.value("product_profile", "");
  run.device_driver = h.value("device_driver", "");
  run.device_url = h.value("device_url", "");
  run.device_info = h.value("device_info", nlohmann::json::object());
  run.started = h.value("started", "");
  run.planned_cases = h.value("planned_cases", 0);
  run.tools = h.value("tools", nlohmann::json::object());
}

bool has_table(sqlite3* db, const char* name) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1", -1, &st,
                         nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  const bool found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

// Answers recorded by `facecert manual` (journals from before issue 8 have no such table).
void read_answers(sqlite3* db, const std::filesystem::path& file, RunRecord& run) {
  if (!has_table(db, "manual_answers")) return;
  Statement st(db, "SELECT case_id, verdict, note, inspector, recorded, attachments FROM manual_answers", file);
  int rc = st.step();
  for (; rc == SQLITE_ROW; rc = st.step()) {
    const auto v = verdict_from_string(st.text(1));
    if (!v) {
      run.read_warnings.push_back(fmt::format("{}: manual answer for {} has an unknown verdict '{}'",
                                              file.string(), st.text(0), st.text(1)));
      continue;
    }
    InspectorAnswer a{*v, st.text(2), st.text(3), st.text(4),
                      evidence_from_json(nlohmann::json::parse(st.text(5), nullptr, false))};
    for (auto& c : run.cases)
      if (c.id == st.text(0)) {
        c.verdict = a.verdict;  // the inspector decides a manual case
        c.inspector = a;
      }
  }
  if (rc != SQLITE_DONE)
    run.read_warnings.push_back(fmt::format("{}: manual answers unreadable: {}", file.string(), sqlite3_errmsg(db)));
}

// Opens an existing journal for a change after the run (report info, manual answers).
std::unique_ptr<sqlite3, decltype(&sqlite3_close)> open_existing(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file))
    throw std::runtime_error(fmt::format("{}: no journal here (was the run started?)", file.string()));
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error(fmt::format("{}: cannot open journal: {}", file.string(), msg));
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> guard(db, sqlite3_close);
  char* err = nullptr;
  if (sqlite3_exec(db, kSchema, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error(fmt::format("{}: not a facecert journal: {}", file.string(), msg));
  }
  return guard;
}

}  // namespace

JournalWriter::JournalWriter(const std::filesystem::path& file) : file_(file) {
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  std::filesystem::remove(file, ec);
  if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error(fmt::format("{}: cannot create journal: {}", file.string(), msg));
  }
  // Every committed case must survive a kill of this process: full sync, rollback journal.
  exec("PRAGMA synchronous=FULL");
  exec(kSchema);
}

JournalWriter::~JournalWriter() { sqlite3_close(db_); }

void JournalWriter::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error(fmt::format("{}: journal error: {}", file_.string(), msg));
  }
}

void JournalWriter::on_run_start(const RunRecord& run) {
  Statement st(db_, "INSERT OR REPLACE INTO run(key, value) VALUES('header', ?1)", file_);
  st.bind(1, header_json(run).dump());
  st.step();
}

void JournalWriter::on_case_end(const CaseResult& r, int index, int) {
  Statement st(db_,
               "INSERT OR REPLACE INTO cases(seq, id, clause, type, title, requirement, verdict, "
               "reason, measurements, evidence, started, finished, duration_s) "
               "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
               file_);
  st.bind(1, index);
  st.bind(2, r.id);
  st.bind(3, r.clause);
  st.bind(4, r.type);
  st.bind(5, r.title);
  st.bind(6, r.requirement);
  st.bind(7, std::string(to_string(r.verdict)));
  st.bind(8, r.reason);
  st.bind(9, r.measurements.dump());
  st.bind(10, evidence_to_json(r.evidence).dump());
  st.bind(11, r.started);
  st.bind(12, r.finished);
  st.bind(13, r.duration_s);
  if (st.step() != SQLITE_DONE)
    throw std::runtime_error(
        fmt::format("{}: cannot record case {}: {}", file_.string(), r.id, sqlite3_errmsg(db_)));
}

void JournalWriter::on_run_end(const RunRecord& run) {
  Statement st(db_, "INSERT OR REPLACE INTO run(key, value) VALUES('finished', ?1)", file_);
  st.bind(1, run.finished);
  st.step();
  Statement h(db_, "INSERT OR REPLACE INTO run(key, value) VALUES('header', ?1)", file_);
  h.bind(1, header_json(run).dump());  // device info may have been learned during the run
  h.step();
}

RunRecord read_journal(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file))
    throw std::runtime_error(fmt::format("{}: no journal here (was the run started?)", file.string()));
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error(fmt::format("{}: cannot open journal", file.string()));
  }
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> guard(db, sqlite3_close);
  RunRecord run;
  // Not a journal at all (garbage, another database): one clear error. A journal whose rows are
  // partly unreadable: what can be read is returned, and read_warnings says what was lost.
  Statement st(db, "SELECT key, value FROM run", file);
  int rc = st.step();
  for (; rc == SQLITE_ROW; rc = st.step()) {
    const std::string key = st.text(0);
    try {
      if (key == "finished") {
        run.finished = st.text(1);
      } else if (key == "header") {
        read_header(st.text(1), run);
      } else if (key == "report_info") {
        run.report_info = nlohmann::json::parse(st.text(1));
      }
    } catch (const nlohmann::json::exception& e) {
      run.read_warnings.push_back(fmt::format("{}: run {} unreadable: {}", file.string(), key, e.what()));
    }
  }
  if (rc != SQLITE_DONE)
    run.read_warnings.push_back(fmt::format("{}: run header unreadable: {}", file.string(), sqlite3_errmsg(db)));
  Statement cs(db,
               "SELECT id, clause, type, title, requirement, verdict, reason, measurements, "
               "evidence, started, finished, duration_s FROM cases ORDER BY seq",
               file);
  for (rc = cs.step(); rc == SQLITE_ROW; rc = cs.step()) {
    CaseResult c;
    c.id = cs.text(0);
    c.clause = cs.text(1);
    c.type = cs.text(2);
    c.title = cs.text(3);
    c.requirement = cs.text(4);
    c.verdict = verdict_from_string(cs.text(5)).value_or(Verdict::Inconclusive);
    c.reason = cs.text(6);
    c.measurements = nlohmann::json::parse(cs.text(7), nullptr, false);
    if (c.measurements.is_discarded()) {
      c.measurements = nlohmann::json::object();
      run.read_warnings.push_back(fmt::format("{}: measurements of {} unreadable", file.string(), c.id));
    }
    c.evidence = evidence_from_json(nlohmann::json::parse(cs.text(8), nullptr, false));
    c.started = cs.text(9);
    c.finished = cs.text(10);
    c.duration_s = cs.real(11);
    run.cases.push_back(std::move(c));
  }
  if (rc != SQLITE_DONE)
    run.read_warnings.push_back(fmt::format("{}: cases after the {} read are unreadable: {}", file.string(),
                                            run.cases.size(), sqlite3_errmsg(db)));
  read_answers(db, file, run);
  attach_plan_texts(run, file.parent_path() / "plan.xml");
  return run;
}

void set_report_info(const std::filesystem::path& file, const nlohmann::json& info) {
  auto db = open_existing(file);
  Statement st(db.get(), "INSERT OR REPLACE INTO run(key, value) VALUES('report_info', ?1)", file);
  st.bind(1, info.dump());
  if (st.step() != SQLITE_DONE)
    throw std::runtime_error(
        fmt::format("{}: cannot store the report info: {}", file.string(), sqlite3_errmsg(db.get())));
}

std::optional<Verdict> recorded_verdict(const std::filesystem::path& file, const std::string& case_id) {
  auto db = open_existing(file);
  Statement st(db.get(), "SELECT verdict FROM cases WHERE id = ?1", file);
  st.bind(1, case_id);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return verdict_from_string(st.text(0)).value_or(Verdict::Inconclusive);
}

void record_inspector_answer(const std::filesystem::path& file, const std::string& case_id,
                             const InspectorAnswer& a) {
  auto db = open_existing(file);
  Statement st(db.get(),
               "INSERT OR REPLACE INTO manual_answers(case_id, verdict, note, inspector, recorded, "
               "attachments) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
               file);
  st.bind(1, case_id);
  st.bind(2, std::string(to_string(a.verdict)));
  st.bind(3, a.note);
  st.bind(4, a.inspector);
  st.bind(5, a.recorded);
  st.bind(6, evidence_to_json(a.attachments).dump());
  if (st.step() != SQLITE_DONE)
    throw std::runtime_error(fmt::format("{}: cannot record the answer for {}: {}", file.string(),
                                         case_id, sqlite3_errmsg(db.get())));
}

}  // namespace facecert::harness
