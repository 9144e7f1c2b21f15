//! The plan dialog's fields. Amounts are typed as decimals ("12.50") and sent as integer minor
//! units (1250), parsed as text, never through floats; mediums and modules are checkboxes; an
//! empty limit is unlimited.
use leptos::prelude::*;
use shared::billing::{Medium, Module, PlanInput, PlanLimits};

use crate::components::{Field, TextInput};

/// The limits' labels and field ids, in `PlanLimits` order.
const LIMITS: [(&str, &str); 4] = [
    ("Panels", "plan-panels"),
    ("Channels", "plan-channels"),
    ("Linked chats", "plan-chats"),
    ("Requests per month", "plan-requests"),
];

/// "12.50" → 1250, "12.5" → 1250, "12" → 1200 (a comma works as the point too); `None` when the
/// text is not an amount with at most two decimals.
pub fn minor_units(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, cents) = text.split_once(['.', ',']).unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && cents.is_empty()) || !digits(whole) || !digits(cents) || cents.len() > 2 {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let cents: i64 = format!("{cents:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(cents)
}

/// 1250 → "12.50", for editing.
fn amount_text(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, (minor % 100).abs())
}

/// The limits in a table cell: "panels 3 · channels ∞ · …".
pub fn limits_text(l: &PlanLimits) -> String {
    let values = [l.panels, l.channels, l.linked_chats, l.commands_per_month];
    LIMITS
        .iter()
        .zip(values)
        .map(|((label, _), v)| format!("{} {}", label.to_lowercase(), v.map_or("∞".to_string(), |n| n.to_string())))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn optional_amount(label: &str, text: String) -> Result<Option<i64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    minor_units(&text).map(Some).ok_or_else(|| format!("{label}: type an amount such as 12.50."))
}

fn optional_number(label: &str, text: String) -> Result<Option<u32>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim().parse().map(Some).map_err(|_| format!("{label}: type a whole number, or leave it empty."))
}

/// The dialog's state; `Copy`, so handlers and rows take it freely.
#[derive(Clone, Copy)]
pub struct PlanForm {
    name: RwSignal<String>,
    description: RwSignal<String>,
    currency: RwSignal<String>,
    /// Month, 3 months, 12 months.
    prices: [RwSignal<String>; 3],
    mediums: RwSignal<Vec<Medium>>,
    modules: RwSignal<Vec<Module>>,
    limits: [RwSignal<String>; 4],
    trial: RwSignal<String>,
    signup: RwSignal<bool>,
}

impl PlanForm {
    pub fn new() -> Self {
        let text = || RwSignal::new(String::new());
        PlanForm {
            name: text(),
            description: text(),
            currency: text(),
            prices: std::array::from_fn(|_| text()),
            mediums: RwSignal::new(Vec::new()),
            modules: RwSignal::new(Vec::new()),
            limits: std::array::from_fn(|_| text()),
            trial: text(),
            signup: RwSignal::new(false),
        }
    }

    /// Shows `plan` (or a blank new plan: USD, every medium, no limits).
    pub fn fill(self, plan: Option<&PlanInput>) {
        let p = plan.cloned().unwrap_or_else(|| PlanInput {
            name: String::new(),
            description: String::new(),
            currency: "USD".into(),
            price_month: 0,
            price_3_months: None,
            price_12_months: None,
            mediums: Medium::ALL.to_vec(),
            modules: Vec::new(),
            limits: PlanLimits::default(),
            trial_days: 0,
            signup: false,
        });
        self.name.set(p.name);
        self.description.set(p.description);
        self.currency.set(p.currency);
        let month = if plan.is_some() { amount_text(p.price_month) } else { String::new() };
        let prices = [Some(month), p.price_3_months.map(amount_text), p.price_12_months.map(amount_text)];
        for (field, value) in self.prices.into_iter().zip(prices) {
            field.set(value.unwrap_or_default());
        }
        self.mediums.set(p.mediums);
        self.modules.set(p.modules);
        let l = p.limits;
        for (field, value) in self.limits.into_iter().zip([l.panels, l.channels, l.linked_chats, l.commands_per_month])
        {
            field.set(value.map(|n| n.to_string()).unwrap_or_default());
        }
        self.trial.set(p.trial_days.to_string());
        self.signup.set(p.signup);
    }

    /// The plan as typed, or what to fix (naming the field).
    pub fn read(self) -> Result<PlanInput, String> {
        let [month, three, twelve] = self.prices.map(|p| p.get_untracked());
        let price_month = minor_units(&month).ok_or("Price per month: type an amount such as 12.50.")?;
        let mut limits = [None; 4];
        for (i, (label, _)) in LIMITS.iter().enumerate() {
            limits[i] = optional_number(label, self.limits[i].get_untracked())?;
        }
        let [panels, channels, linked_chats, commands_per_month] = limits;
        let (mediums, modules) = (self.mediums.get_untracked(), self.modules.get_untracked());
        let input = PlanInput {
            name: self.name.get_untracked().trim().to_string(),
            description: self.description.get_untracked().trim().to_string(),
            currency: self.currency.get_untracked().trim().to_uppercase(),
            price_month,
            price_3_months: optional_amount("Price for 3 months", three)?,
            price_12_months: optional_amount("Price for 12 months", twelve)?,
            mediums: Medium::ALL.into_iter().filter(|m| mediums.contains(m)).collect(),
            modules: Module::ALL.into_iter().filter(|m| modules.contains(m)).collect(),
            limits: PlanLimits { panels, channels, linked_chats, commands_per_month },
            trial_days: optional_number("Trial days", self.trial.get_untracked())?.unwrap_or(0),
            signup: self.signup.get_untracked(),
        };
        input.check().map_err(|e| {
            let mut chars = e.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })?;
        Ok(input)
    }
}

/// A checkbox that puts `item` in or out of `set`.
fn check<T: Copy + PartialEq + Send + Sync + 'static>(
    set: RwSignal<Vec<T>>,
    item: T,
    label: &'static str,
) -> impl IntoView {
    view! {
        <label style="display:inline-block;margin-right:14px">
            <input type="checkbox" prop:checked=move || set.with(|s| s.contains(&item)) on:change=move |ev| {
                let on = event_target_checked(&ev);
                set.update(|s| {
                    s.retain(|x| *x != item);
                    if on { s.push(item) }
                });
            } />" "{label}
        </label>
    }
}

#[component]
pub fn PlanFields(form: PlanForm) -> impl IntoView {
    let f = form;
    let [month, three, twelve] = f.prices;
    view! {
        <Field label="Name" id="plan-name"><TextInput id="plan-name" value=f.name placeholder="e.g. Pro" /></Field>
        <Field label="Description (shown to owners)" id="plan-description">
            <textarea id="plan-description" rows="2" prop:value=move || f.description.get()
                on:input=move |ev| f.description.set(event_target_value(&ev))></textarea>
        </Field>
        <Field label="Currency" id="plan-currency" hint="A three-letter code: USD, EUR, INR…">
            <TextInput id="plan-currency" value=f.currency width="90px" />
        </Field>
        <Field label="Price per month" id="plan-price" hint="An amount such as 12.50">
            <TextInput id="plan-price" value=month placeholder="12.50" />
        </Field>
        <Field label="Price for 3 months" id="plan-price-3" hint="Empty: three times the monthly price. Lower it for a discount.">
            <TextInput id="plan-price-3" value=three />
        </Field>
        <Field label="Price for 12 months" id="plan-price-12" hint="Empty: twelve times the monthly price.">
            <TextInput id="plan-price-12" value=twelve />
        </Field>
        <div class="field" role="group" aria-label="Mediums">
            <label>"Mediums (at least one)"</label>
            {Medium::ALL.into_iter().map(|m| check(f.mediums, m, m.label())).collect_view()}
        </div>
        <div class="field" role="group" aria-label="Modules">
            <label>"Modules"</label>
            {Module::ALL.into_iter().map(|m| check(f.modules, m, m.label())).collect_view()}
        </div>
        {LIMITS.iter().zip(f.limits).map(|((label, id), value)| view! {
            <Field label=*label id=*id hint="Empty: unlimited"><TextInput id=*id value placeholder="unlimited" width="120px" /></Field>
        }).collect_view()}
        <Field label="Trial days" id="plan-trial"><TextInput id="plan-trial" value=f.trial placeholder="0" width="120px" /></Field>
        <label>
            <input type="checkbox" data-testid="plan-signup" prop:checked=move || f.signup.get()
                on:change=move |ev| f.signup.set(event_target_checked(&ev)) />
            " Sign-up plan: new workspaces start on its trial (one plan at most)"
        </label>
    }
}
