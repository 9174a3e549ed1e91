#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "facecert/datasets/loaders.h"

namespace facecert::datasets {

std::map<std::string, Loader>& loader_table() {
  static std::map<std::string, Loader> table;
  return table;
}

LoaderRegistration::LoaderRegistration(Loader loader) {
  auto name = loader.name;
  loader_table().emplace(std::move(name), std::move(loader));
}

const Loader* find_loader(const std::string& name) {
  const auto it = loader_table().find(name);
  return it == loader_table().end() ? nullptr : &it->second;
}

Imported import_layout(const std::string& name, const std::filesystem::path& root, const LoaderOptions& options) {
  const Loader* loader = find_loader(name);
  if (!loader) {
    std::string known;
    for (const auto& [n, l] : loader_table()) known += (known.empty() ? "" : ", ") + n;
    throw DatasetError(fmt::format("unknown layout '{}' (known: {})", name, known));
  }
  for (const auto& [key, value] : options) {
    const bool accepted = std::any_of(loader->options.begin(), loader->options.end(),
                                      [&](const std::string& o) { return o.rfind(key + "=", 0) == 0; });
    if (!accepted)
      throw DatasetError(fmt::format("layout '{}' takes no option '{}'{}", name, key,
                                     loader->options.empty() ? "" : " (options: " + fmt::format("{}", fmt::join(loader->options, "; ")) + ")"));
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec))
    throw DatasetError(fmt::format("{}: no such folder", root.string()));
  if (!loader->detect(root))
    throw DatasetError(fmt::format("{}: not a {} tree: expected {}", root.string(), name, loader->expected));
  auto imported = loader->load(root, options);
  if (imported.dataset.items.empty())
    throw DatasetError(fmt::format("{}: no {} item found: expected {}", root.string(), name, loader->expected));
  imported.dataset.root = root;
  if (imported.dataset.name.empty()) imported.dataset.name = name;
  return imported;
}

Dataset rebased(const Dataset& dataset, const std::filesystem::path& new_root) {
  Dataset out = dataset;
  const auto base = std::filesystem::absolute(new_root).lexically_normal();
  for (auto& item : out.items) {
    const auto abs = std::filesystem::absolute(resolve(dataset, item)).lexically_normal();
    const auto rel = abs.lexically_relative(base);
    item.file = rel.empty() ? abs.generic_string() : rel.generic_string();
  }
  out.root = base;
  return out;
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& folder, const std::vector<std::string>& extensions) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string ext = it->path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace facecert::datasets
