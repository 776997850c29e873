/**
 * Invented but realistic Vietnamese full names (họ, tên đệm, tên) for demo delegates.
 * Deterministic: the same index always gives the same person, so demo logins and names
 * stay stable from one fresh install to the next.
 */
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Trịnh', 'Đinh'];
const MIDDLE = {
  male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Xuân', 'Thành'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Thị Thu', 'Hồng', 'Phương'],
};
const GIVEN = {
  male: ['Hùng', 'Dũng', 'Tuấn', 'Long', 'Quân', 'Thắng', 'Hải', 'Phong', 'Sơn', 'Khánh', 'Cường', 'Định', 'Nghĩa', 'Trung', 'Hiếu', 'Việt', 'Bình', 'Lực'],
  female: ['Lan', 'Hương', 'Mai', 'Hạnh', 'Thảo', 'Trang', 'Ngân', 'Linh', 'Yến', 'Nhung', 'Hà', 'Huyền', 'Oanh', 'Duyên', 'Thủy', 'Loan'],
};

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

function candidate(k: number): string {
  // About a third women, as in recent provincial councils.
  const sex = k % 3 === 1 ? 'female' : 'male';
  return `${pick(SURNAMES, k * 7 + (k >> 3))} ${pick(MIDDLE[sex], k * 5 + 1)} ${pick(GIVEN[sex], k * 11 + 3)}`;
}

/** `count` distinct full names, minus any in `taken` (people already named by hand). */
export function vietnameseNames(count: number, taken: Iterable<string> = []): string[] {
  const seen = new Set(taken);
  const names: string[] = [];
  for (let k = 0; names.length < count; k++) {
    const name = candidate(k);
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  return names;
}
