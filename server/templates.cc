#include "server/templates.h"

#include <fstream>
#include <kainjow/mustache.hpp>
#include <set>
#include <sstream>

namespace arxiv {

std::filesystem::path default_web_dir() {
  std::error_code ec;
  const std::filesystem::path checkout = ARXIV_TRIAGE_WEB_DIR;
  if (std::filesystem::is_directory(checkout / "templates", ec)) return checkout;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return checkout;
  return (exe.parent_path() / ".." / "share" / "arxiv-triage" / "web").lexically_normal();
}

namespace {

namespace mustache = kainjow::mustache;

mustache::data to_data(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data out;
      for (const auto& [key, item] : value.items()) out.set(key, to_data(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mustache::data out(mustache::data::type::list);
      for (const auto& item : value) out.push_back(to_data(item));
      return out;
    }
    case nlohmann::json::value_t::string:
      // kainjow renders a section for "" (unlike mustache.js): an absent text must hide it.
      if (value.get_ref<const std::string&>().empty()) return mustache::data(false);
      return mustache::data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return mustache::data(value.get<bool>());
    case nlohmann::json::value_t::null:
      return mustache::data(false);
    default:
      return mustache::data(value.dump());
  }
}

// Looks data up like kainjow's own context, and partials in the template set instead of in the
// view, so that a view key can never shadow (or inject) a template. Remembers a partial it
// could not find: kainjow would silently render nothing for it.
class PartialContext : public mustache::basic_context<std::string> {
 public:
  PartialContext(const mustache::data* view, const std::map<std::string, mustache::data>& partials)
      : inner_(view), partials_(partials) {}

  void push(const mustache::data* data) override { inner_.push(data); }
  void pop() override { inner_.pop(); }
  const mustache::data* get(const std::string& name) const override { return inner_.get(name); }
  const mustache::data* get_partial(const std::string& name) const override {
    auto it = partials_.find(name);
    if (it != partials_.end()) return &it->second;
    missing_.insert(name);
    return nullptr;
  }

  const std::set<std::string>& missing() const { return missing_; }

 private:
  mustache::context<std::string> inner_;
  const std::map<std::string, mustache::data>& partials_;
  mutable std::set<std::string> missing_;
};

}  // namespace

Result<Templates> Templates::load(const std::filesystem::path& web_dir) {
  const auto dir = web_dir / "templates";
  Templates out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".mustache") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Error::unavailable("cannot read template " + it->path().string());
    out.sources_[it->path().stem().string()] = text.str();
  }
  if (ec)
    return Error::unavailable("cannot read templates in " + dir.string() + ": " + ec.message());
  if (out.sources_.empty()) return Error::unavailable("no *.mustache templates in " + dir.string());
  return out;
}

Result<std::string> Templates::render(const std::string& name, const nlohmann::json& view) const {
  auto source = sources_.find(name);
  if (source == sources_.end()) return Error::internal("no template '" + name + "'");
  mustache::mustache tmpl(source->second);
  if (!tmpl.is_valid()) return Error::internal("template '" + name + "': " + tmpl.error_message());
  std::map<std::string, mustache::data> partials;
  for (const auto& [partial, text] : sources_) partials.emplace(partial, mustache::data(text));
  const mustache::data data = to_data(view);
  PartialContext ctx(&data, partials);
  std::string html = tmpl.render(ctx);
  if (!tmpl.is_valid()) return Error::internal("template '" + name + "': " + tmpl.error_message());
  if (!ctx.missing().empty())
    return Error::internal("template '" + name + "' includes unknown partial '" +
                           *ctx.missing().begin() + "'");
  return html;
}

}  // namespace arxiv
