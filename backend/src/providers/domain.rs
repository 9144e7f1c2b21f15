//! Pure rules: canonical provider domains and aliases.

/// The canonical form of a provider domain, or why it is not one.
pub fn canonical_domain(input: &str) -> Result<String, String> {
    let mut d = input.trim().to_lowercase();
    for prefix in ["https://", "http://"] {
        if let Some(rest) = d.strip_prefix(prefix) {
            d = rest.to_string();
        }
    }
    if let Some(cut) = d.find(['/', '?', '#']) {
        d.truncate(cut);
    }
    if let Some((host, port)) = d.rsplit_once(':')
        && port.chars().all(|c| c.is_ascii_digit())
    {
        d = host.to_string();
    }
    let d = d.trim_start_matches("www.").trim_end_matches('.').to_string();
    let valid = !d.is_empty()
        && d.len() <= 253
        && d.contains('.')
        && d.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if valid { Ok(d) } else { Err("enter the provider's domain, like provider.com".into()) }
}

/// The first free `Provider N` alias.
pub fn next_alias(taken: &[String]) -> String {
    (1..)
        .map(|n| format!("Provider {n}"))
        .find(|a| !taken.iter().any(|t| t.eq_ignore_ascii_case(a)))
        .unwrap_or_default()
}

/// Latin letters that other scripts draw the same way (the common Cyrillic and Greek ones), and
/// dots that are not full stops: `provider-а.example` with a Cyrillic `а` still reads as a domain.
fn skeleton(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'а' | 'α' => 'a',
            'в' | 'β' => 'b',
            'с' | 'ϲ' => 'c',
            'ԁ' => 'd',
            'е' | 'ё' | 'ε' => 'e',
            'һ' => 'h',
            'і' | 'ї' | 'ι' | 'ı' => 'i',
            'ј' => 'j',
            'к' | 'κ' => 'k',
            'м' => 'm',
            'п' | 'η' => 'n',
            'о' | 'ο' | 'σ' | '0' => 'o',
            'р' | 'ρ' => 'p',
            'ԛ' => 'q',
            'ѕ' => 's',
            'т' | 'τ' => 't',
            'у' | 'υ' | 'γ' => 'y',
            'ԝ' | 'ω' => 'w',
            'х' | 'χ' => 'x',
            'ɡ' => 'g',
            '。' | '｡' | '․' | '·' | '•' | '‧' | '∙' | '⋅' => '.',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
}

/// An alias chosen by the owner: 1–40 characters, no control or invisible characters, and not a
/// domain — checked after normalisation and again on the confusable skeleton, so look-alike
/// letters and odd dots cannot smuggle a domain in (an alias that is a domain defeats its purpose).
pub fn clean_alias(alias: &str) -> Result<String, String> {
    let alias = crate::auth::domain::clean_name(alias, "alias")?;
    if alias.chars().count() > 40 {
        return Err("the alias must have at most 40 characters".into());
    }
    if canonical_domain(&alias).is_ok() || canonical_domain(&skeleton(&alias)).is_ok() {
        return Err("an alias must not look like a domain; choose a name like FastLikes_A".into());
    }
    Ok(alias)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_canonicalised() {
        for (input, want) in [
            ("FastProv.example", "fastprov.example"),
            ("https://www.fastprov.example/api/v2", "fastprov.example"),
            ("http://fastprov.example:8080", "fastprov.example"),
            (" fastprov.example. ", "fastprov.example"),
        ] {
            assert_eq!(canonical_domain(input).as_deref(), Ok(want), "{input}");
        }
        for bad in ["", "localhost", "not a domain", "a..b", "-a.com", "a_b.com", &"a".repeat(300)] {
            assert!(canonical_domain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn aliases_fill_the_first_gap_and_must_not_be_domains() {
        assert_eq!(next_alias(&[]), "Provider 1");
        assert_eq!(next_alias(&["Provider 1".into(), "Provider 3".into()]), "Provider 2");
        assert!(clean_alias("FastLikes_A").is_ok());
        assert!(clean_alias("fastprov.example").is_err());
        assert!(clean_alias("   ").is_err());
        for disguised in [
            "provider-a\u{200b}.example",
            "provider-a．example",
            "provider-a。example",
            "provider-а.example",
            "fastprov·example",
            "ｆａｓｔｐｒｏｖ.ｅｘａｍｐｌｅ",
        ] {
            assert!(clean_alias(disguised).is_err(), "{disguised:?} passed");
        }
        assert_eq!(clean_alias("Быстрый поставщик").as_deref(), Ok("Быстрый поставщик"), "other scripts are fine");
    }
}
