//! Character folding: what a reader sees, as the ideographs and digits a parser expects.

/// Fold Kangxi radicals and CJK radical-supplement forms to their ideographs (⼯ → 工, ⻋ → 车),
/// and full-width digits to ASCII. Some producers map glyphs to the radical code points.
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    match u {
        // ⼾ is 户 in the simplified fonts that map it (Noto CJK SC as Chromium embeds it:
        // "财政专⼾管理资金", corpus o03-bysource-chromium), not the traditional 戶
        0x2F3E => '户',
        0x2F00..=0x2FD5 => KANGXI[(u - 0x2F00) as usize],
        0xFF10..=0xFF19 => char::from_u32(u - 0xFF10 + '0' as u32).unwrap_or(c),
        0x2E80..=0x2EF3 => SUPPLEMENT
            .iter()
            .find(|(r, _)| *r == c)
            .map(|(_, i)| *i)
            .unwrap_or(c),
        _ => c,
    }
}

/// Decode a PDF text string (UTF-16BE with BOM, or PDFDocEncoding treated as Latin-1).
pub(crate) fn pdf_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// The 214 Kangxi radicals U+2F00..U+2FD5, as their compatibility ideographs.
const KANGXI: [char; 214] = [
    '一', '丨', '丶', '丿', '乙', '亅', '二', '亠', '人', '儿', '入', '八', '冂', '冖', '冫', '几',
    '凵', '刀', '力', '勹', '匕', '匚', '匸', '十', '卜', '卩', '厂', '厶', '又', '口', '囗', '土',
    '士', '夂', '夊', '夕', '大', '女', '子', '宀', '寸', '小', '尢', '尸', '屮', '山', '巛', '工',
    '己', '巾', '干', '幺', '广', '廴', '廾', '弋', '弓', '彐', '彡', '彳', '心', '戈', '戶', '手',
    '支', '攴', '文', '斗', '斤', '方', '无', '日', '曰', '月', '木', '欠', '止', '歹', '殳', '毋',
    '比', '毛', '氏', '气', '水', '火', '爪', '父', '爻', '爿', '片', '牙', '牛', '犬', '玄', '玉',
    '瓜', '瓦', '甘', '生', '用', '田', '疋', '疒', '癶', '白', '皮', '皿', '目', '矛', '矢', '石',
    '示', '禸', '禾', '穴', '立', '竹', '米', '糸', '缶', '网', '羊', '羽', '老', '而', '耒', '耳',
    '聿', '肉', '臣', '自', '至', '臼', '舌', '舛', '舟', '艮', '色', '艸', '虍', '虫', '血', '行',
    '衣', '襾', '見', '角', '言', '谷', '豆', '豕', '豸', '貝', '赤', '走', '足', '身', '車', '辛',
    '辰', '辵', '邑', '酉', '釆', '里', '金', '長', '門', '阜', '隶', '隹', '雨', '靑', '非', '面',
    '革', '韋', '韭', '音', '頁', '風', '飛', '食', '首', '香', '馬', '骨', '高', '髟', '鬥', '鬯',
    '鬲', '鬼', '魚', '鳥', '鹵', '鹿', '麥', '麻', '黃', '黍', '黑', '黹', '黽', '鼎', '鼓', '鼠',
    '鼻', '齊', '齒', '龍', '龜', '龠',
];

/// CJK Radicals Supplement forms seen in simplified-Chinese reports, with the ideograph meant.
const SUPPLEMENT: [(char, char); 24] = [
    ('⺁', '厂'),
    ('⺇', '几'),
    ('⺈', '𠂊'),
    ('⺊', '卜'),
    ('⺌', '小'),
    ('⺍', '小'),
    ('⺕', '彐'),
    ('⺗', '心'),
    ('⺝', '月'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺡', '氵'),
    ('⺦', '丬'),
    ('⺮', '竹'),
    ('⺶', '羊'),
    ('⺻', '聿'),
    ('⻁', '虎'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻘', '青'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_radicals_and_digits() {
        assert_eq!(fold_char('⼯'), '工');
        assert_eq!(fold_char('⻋'), '车');
        assert_eq!(fold_char('⻔'), '门');
        assert_eq!(fold_char('⽀'), '支');
        assert_eq!(fold_char('⼾'), '户');
        assert_eq!(fold_char('７'), '7');
        assert_eq!(fold_char('（'), '（');
    }
}
