//! Small helpers the migrations share.
use sea_orm_migration::prelude::*;

/// Creates an index (if missing) on `cols` of `table`.
pub async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create();
    i.name(name).table(table).if_not_exists();
    for c in cols {
        i.col(c);
    }
    if unique {
        i.unique();
    }
    m.create_index(i.to_owned()).await
}

/// Drops the tables (if present), in the order given.
pub async fn drop_tables(m: &SchemaManager<'_>, tables: Vec<DynIden>) -> Result<(), DbErr> {
    for t in tables {
        m.drop_table(Table::drop().table(t).if_exists().to_owned()).await?;
    }
    Ok(())
}
