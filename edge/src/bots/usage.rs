//! LLM usage accounting, decided without the runtime: the daily records the Bot object keeps,
//! and their grouping by day or month into the shape of seed 004's LLM usage statistics
//! (`wordsCount` counts tokens: prompt plus completion).

pub use crate::objects::bot::{DailyUsage, UsageEntry};
use porthole_shared::webchat::{ModelUsage, PeriodUsage};

/// Day or month periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// One period per day.
    Day,
    /// One period per month.
    Month,
}

impl Granularity {
    /// `day` or `month`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "day" => Some(Self::Day),
            "month" => Some(Self::Month),
            _ => None,
        }
    }

    fn period_of(self, day: &str) -> String {
        match self {
            Self::Day => day.to_owned(),
            Self::Month => format!("{}-01", day.get(..7).unwrap_or(day)),
        }
    }
}

/// Groups daily records (any order) into periods, oldest first.
pub fn group(chatbot: &str, rows: &[DailyUsage], granularity: Granularity) -> Vec<PeriodUsage> {
    let mut periods: Vec<PeriodUsage> = Vec::new();
    let mut sorted: Vec<&DailyUsage> = rows.iter().collect();
    sorted.sort_by(|a, b| (&a.day, &a.provider, &a.model).cmp(&(&b.day, &b.provider, &b.model)));
    for row in sorted {
        let date = granularity.period_of(&row.day);
        // Rows are sorted by day, so a period, once left, never comes back.
        let index = match periods.last() {
            Some(last) if last.date == date => periods.len() - 1,
            _ => {
                periods.push(PeriodUsage {
                    month: (granularity == Granularity::Month).then(|| date.clone()),
                    date,
                    chatbot_id: chatbot.to_owned(),
                    words_count: 0,
                    llm_model_id: String::new(),
                    llm_model_name: String::new(),
                    llm_model_provider: String::new(),
                    total_words_count: 0,
                    llm_details: Vec::new(),
                });
                periods.len() - 1
            }
        };
        let period = &mut periods[index];
        let tokens = row.prompt_tokens + row.completion_tokens;
        period.total_words_count += tokens;
        let id = format!("{}/{}", row.provider, row.model);
        match period.llm_details.iter_mut().find(|m| m.llm_model_id == id) {
            Some(m) => {
                m.words_count += tokens;
                m.prompt_tokens += row.prompt_tokens;
                m.completion_tokens += row.completion_tokens;
                m.turns += row.turns;
            }
            None => period.llm_details.push(ModelUsage {
                chatbot_id: chatbot.to_owned(),
                words_count: tokens,
                llm_model_id: id,
                llm_model_name: row.model.clone(),
                llm_model_provider: row.provider.clone(),
                prompt_tokens: row.prompt_tokens,
                completion_tokens: row.completion_tokens,
                turns: row.turns,
            }),
        }
    }
    // The schema's model fields, at the top level, are the period's largest model's.
    for period in &mut periods {
        if let Some(largest) = period.llm_details.iter().max_by(|a, b| {
            a.words_count
                .cmp(&b.words_count)
                .then(b.llm_model_id.cmp(&a.llm_model_id))
        }) {
            period.words_count = largest.words_count;
            period.llm_model_id = largest.llm_model_id.clone();
            period.llm_model_name = largest.llm_model_name.clone();
            period.llm_model_provider = largest.llm_model_provider.clone();
        }
    }
    periods
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(day: &str, model: &str, prompt: u64, completion: u64) -> DailyUsage {
        DailyUsage {
            day: day.into(),
            provider: "openai".into(),
            model: model.into(),
            prompt_tokens: prompt,
            completion_tokens: completion,
            turns: 1,
        }
    }

    #[test]
    fn days_are_periods_with_a_detail_per_model() {
        let rows = [
            row("2026-11-02", "a", 10, 5),
            row("2026-11-01", "a", 1, 1),
            row("2026-11-02", "b", 100, 0),
        ];
        let periods = group("tok", &rows, Granularity::Day);
        assert_eq!(periods.len(), 2);
        assert_eq!(periods[0].date, "2026-11-01");
        assert_eq!(periods[1].total_words_count, 115);
        assert_eq!(periods[1].llm_details.len(), 2);
        assert_eq!(periods[1].llm_details[0].llm_model_id, "openai/a");
        assert!(periods[0].month.is_none());
        // The schema's model fields at the top level: the period's largest model ("b", 100).
        assert_eq!(periods[1].llm_model_id, "openai/b");
        assert_eq!(periods[1].llm_model_name, "b");
        assert_eq!(periods[1].words_count, 100);
    }

    #[test]
    fn months_add_up_their_days() {
        let rows = [
            row("2026-10-31", "a", 1, 1),
            row("2026-11-01", "a", 2, 2),
            row("2026-11-30", "a", 3, 3),
        ];
        let periods = group("tok", &rows, Granularity::Month);
        assert_eq!(
            periods.iter().map(|p| p.date.as_str()).collect::<Vec<_>>(),
            ["2026-10-01", "2026-11-01"]
        );
        assert_eq!(periods[1].month.as_deref(), Some("2026-11-01"));
        assert_eq!(periods[1].llm_details[0].words_count, 10);
        assert_eq!(periods[1].llm_details[0].turns, 2);
    }

    #[test]
    fn the_shape_uses_seed_004_names() {
        let value = serde_json::to_value(group(
            "tok",
            &[row("2026-11-01", "m", 1, 2)],
            Granularity::Day,
        ))
        .unwrap();
        let first = &value[0];
        assert_eq!(first["totalWordsCount"], 3);
        for field in [
            "chatbotId",
            "wordsCount",
            "llmModelId",
            "llmModelName",
            "llmModelProvider",
            "date",
            "totalWordsCount",
            "llmDetails",
        ] {
            assert!(first.get(field).is_some(), "{field} in {first}");
        }
        assert_eq!(first["llmDetails"][0]["llmModelName"], "m");
        assert_eq!(first["llmDetails"][0]["llmModelProvider"], "openai");
        assert_eq!(first["llmDetails"][0]["chatbotId"], "tok");
    }
}
