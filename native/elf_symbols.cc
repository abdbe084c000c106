#include "elf_symbols.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace causalprof {

namespace {

// A symbol of unknown size is taken to end where the next one starts, but no further than
// this: past the last symbol of a section lies code nobody named.
constexpr uint64_t kMaxUnsizedSymbolBytes = 64 * 1024;

bool IsFunction(const Elf64_Sym& s) {
  const int type = ELF64_ST_TYPE(s.st_info);
  return (type == STT_FUNC || type == STT_GNU_IFUNC) && s.st_shndx != SHN_UNDEF && s.st_value != 0;
}

}  // namespace

ElfSymbols::~ElfSymbols() {
  if (map_ != nullptr) munmap(map_, map_size_);
}

bool ElfSymbols::Load(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(sizeof(Elf64_Ehdr))) {
    close(fd);
    return false;
  }
  map_size_ = static_cast<size_t>(st.st_size);
  map_ = mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map_ == MAP_FAILED) {
    map_ = nullptr;
    return false;
  }
  const auto* bytes = static_cast<const uint8_t*>(map_);
  const auto* eh = reinterpret_cast<const Elf64_Ehdr*>(bytes);
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
      eh->e_ident[EI_DATA] != ELFDATA2LSB) {
    return false;
  }
  const auto fits = [&](uint64_t offset, uint64_t size) {
    return offset <= map_size_ && size <= map_size_ - offset;
  };

  if (eh->e_phentsize == sizeof(Elf64_Phdr) &&
      fits(eh->e_phoff, uint64_t{eh->e_phnum} * sizeof(Elf64_Phdr))) {
    const auto* ph = reinterpret_cast<const Elf64_Phdr*>(bytes + eh->e_phoff);
    for (int i = 0; i < eh->e_phnum; ++i) {
      if (ph[i].p_type == PT_LOAD)
        segments_.push_back(Segment{ph[i].p_offset, ph[i].p_filesz, ph[i].p_vaddr});
    }
  }
  if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
      !fits(eh->e_shoff, uint64_t{eh->e_shnum} * sizeof(Elf64_Shdr))) {
    return true;  // no section headers: a mapping we can place but not name
  }
  const auto* sh = reinterpret_cast<const Elf64_Shdr*>(bytes + eh->e_shoff);
  // The full table where there is one; the dynamic one (exported functions only) otherwise.
  const Elf64_Shdr* table = nullptr;
  for (int i = 0; i < eh->e_shnum; ++i) {
    if (sh[i].sh_type == SHT_SYMTAB) table = &sh[i];
  }
  for (int i = 0; table == nullptr && i < eh->e_shnum; ++i) {
    if (sh[i].sh_type == SHT_DYNSYM) table = &sh[i];
  }
  if (table == nullptr || table->sh_link >= eh->e_shnum || table->sh_entsize != sizeof(Elf64_Sym))
    return true;
  const Elf64_Shdr& strings = sh[table->sh_link];
  if (!fits(table->sh_offset, table->sh_size) || !fits(strings.sh_offset, strings.sh_size)) return true;
  strtab_ = reinterpret_cast<const char*>(bytes + strings.sh_offset);
  strtab_size_ = strings.sh_size;

  const auto* syms = reinterpret_cast<const Elf64_Sym*>(bytes + table->sh_offset);
  const size_t n = table->sh_size / sizeof(Elf64_Sym);
  for (size_t i = 0; i < n; ++i) {
    const Elf64_Sym& s = syms[i];
    if (!IsFunction(s) || s.st_name == 0 || s.st_name >= strtab_size_) continue;
    const uint32_t size = s.st_size > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(s.st_size);
    symbols_.push_back(Symbol{s.st_value, size, s.st_name});
  }
  // Aliases share a start: keep the one with a size (the first, where both have one).
  std::stable_sort(symbols_.begin(), symbols_.end(), [](const Symbol& a, const Symbol& b) {
    return a.start < b.start || (a.start == b.start && a.size > b.size);
  });
  symbols_.erase(std::unique(symbols_.begin(), symbols_.end(),
                             [](const Symbol& a, const Symbol& b) { return a.start == b.start; }),
                 symbols_.end());
  symbols_.shrink_to_fit();
  return true;
}

int ElfSymbols::Find(uint64_t vaddr) const {
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), vaddr,
                             [](uint64_t v, const Symbol& s) { return v < s.start; });
  if (it == symbols_.begin()) return -1;
  --it;
  uint64_t end = it->start + it->size;
  if (it->size == 0) {
    const auto next = it + 1;
    end = it->start + kMaxUnsizedSymbolBytes;
    if (next != symbols_.end()) end = std::min(end, next->start);
  }
  return vaddr < end ? static_cast<int>(it - symbols_.begin()) : -1;
}

const char* ElfSymbols::Name(int index) const {
  const Symbol& s = symbols_[static_cast<size_t>(index)];
  // Names are NUL-terminated inside the table (checked: the last byte of a valid table is 0).
  return strtab_size_ > 0 && strtab_[strtab_size_ - 1] == '\0' ? strtab_ + s.name : "";
}

bool ElfSymbols::OffsetToVaddr(uint64_t offset, uint64_t* vaddr) const {
  for (const Segment& seg : segments_) {
    if (offset >= seg.offset && offset - seg.offset < seg.filesz) {
      *vaddr = seg.vaddr + (offset - seg.offset);
      return true;
    }
  }
  return false;
}

size_t ElfSymbols::HeapBytes() const {
  return symbols_.capacity() * sizeof(Symbol) + segments_.capacity() * sizeof(Segment);
}

}  // namespace causalprof
