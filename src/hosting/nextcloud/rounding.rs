//! How Nextcloud keeps a quota: not the bytes sent, but `OC_Helper::humanFileSize` of them
//! (kilobytes rounded to a whole number, then megabytes, gigabytes, terabytes each rounded to
//! one decimal), read back with `computerFileSize`. 10 GiB + 500 MiB is kept as "10.5 GB",
//! which reads back 12.6 MB larger than what was sent. A quota Panier set is "the same" as
//! the server's when the server holds either the bytes sent or their rounding; comparing
//! exactly would re-send the same change on every run.

/// `OC_Helper::humanFileSize`: "500 B", "2 KB", "10.5 GB" (one decimal from MB up).
pub fn human_file_size(bytes: i64) -> String {
    if bytes < 0 {
        return "?".into();
    }
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // PHP's round() rounds halves away from zero, as f64::round does
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    let mut size = (bytes as f64 / 1024.0).round();
    if size < 1024.0 {
        return format!("{size} KB");
    }
    for unit in ["MB", "GB", "TB"] {
        size = round1(size / 1024.0);
        if size < 1024.0 {
            return format!("{size} {unit}");
        }
    }
    format!("{} PB", round1(size / 1024.0))
}

/// `OC_Helper::computerFileSize`: a byte count, or a number with a unit (b, k/kb … p/pb),
/// rounded to whole bytes. `None`: not a size.
pub fn computer_file_size(text: &str) -> Option<i64> {
    let text = text.trim().to_ascii_lowercase();
    if let Ok(n) = text.parse::<f64>() {
        return Some(n.round() as i64);
    }
    let number_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number: f64 = text[..number_end].parse().unwrap_or(0.0);
    // the longest unit first, as PHP's `([kmgtp]?b?)$` takes it
    const UNITS: [(&str, i32); 11] = [
        ("kb", 1),
        ("mb", 2),
        ("gb", 3),
        ("tb", 4),
        ("pb", 5),
        ("b", 0),
        ("k", 1),
        ("m", 2),
        ("g", 3),
        ("t", 4),
        ("p", 5),
    ];
    let power = UNITS
        .iter()
        .find(|(unit, _)| text.ends_with(unit))
        .map(|(_, power)| *power)?;
    Some((number * 1024f64.powi(power)).round() as i64)
}

/// The bytes a Nextcloud server reports after being sent `bytes`.
pub fn as_kept_by_nextcloud(bytes: i64) -> i64 {
    computer_file_size(&human_file_size(bytes)).unwrap_or(bytes)
}

/// Whether the server's `remote` quota is what Panier's `sent` becomes there.
pub fn same_quota(sent: i64, remote: i64) -> bool {
    remote == sent || remote == as_kept_by_nextcloud(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    const MIB: i64 = 1024 * 1024;
    const GIB: i64 = 1024 * MIB;

    #[test]
    fn sizes_are_written_as_nextcloud_writes_them() {
        assert_eq!(human_file_size(500), "500 B");
        assert_eq!(human_file_size(2048), "2 KB");
        assert_eq!(human_file_size(5 * GIB), "5 GB");
        assert_eq!(human_file_size(10 * GIB + 500 * MIB), "10.5 GB");
        assert_eq!(human_file_size(1536 * MIB), "1.5 GB");
        assert_eq!(human_file_size(500 * MIB), "500 MB");
        assert_eq!(human_file_size(2048 * GIB), "2 TB");
    }

    #[test]
    fn sizes_are_read_as_nextcloud_reads_them() {
        assert_eq!(computer_file_size("10.5 GB"), Some(10 * GIB + 512 * MIB));
        assert_eq!(computer_file_size("5 gb"), Some(5 * GIB));
        assert_eq!(computer_file_size("2k"), Some(2048));
        assert_eq!(computer_file_size("123"), Some(123));
        assert_eq!(computer_file_size("none"), None);
    }

    #[test]
    fn a_quota_is_the_same_within_the_rounding_only() {
        let sent = 10 * GIB + 500 * MIB;
        assert_eq!(as_kept_by_nextcloud(sent), 10 * GIB + 512 * MIB);
        assert!(same_quota(sent, 10 * GIB + 512 * MIB));
        assert!(same_quota(sent, sent));
        assert!(!same_quota(sent, 10 * GIB));
        assert!(same_quota(5 * GIB, 5 * GIB));
    }
}
