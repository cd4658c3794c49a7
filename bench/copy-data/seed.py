#!/usr/bin/env python3
"""Fills a migrated monolith's SQLite files with N delivered, Confirmed orders, consistent across modules (verify is
clean): each with two lines, Catalog's reservation, and both modules' outbox and inbox rows, as the shop writes them.
usage: seed.py <data folder> <orders>"""
import random, sqlite3, sys, uuid
from datetime import datetime, timedelta

folder, orders = sys.argv[1], int(sys.argv[2])
rng = random.Random(13)
def gid(): return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()
base = datetime(2026, 1, 1)
def at(i, extra=0): return (base + timedelta(seconds=i * 3 + extra)).strftime('%Y-%m-%d %H:%M:%S.%f')

def insert(db, table, rows):
    # Columns this script does not know (a later migration) get their type's zero, so the script outlives small changes.
    info = db.execute(f'PRAGMA table_info("{table}")').fetchall()
    columns = [c[1] for c in info]
    zero = {c[1]: (0 if 'INT' in c[2].upper() else '') if c[3] else None for c in info}
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    db.executemany(sql, ([row.get(c, zero[c]) for c in columns] for row in rows))

catalog = sqlite3.connect(f'{folder}/catalog.db')
ordering = sqlite3.connect(f'{folder}/ordering.db')
products = [dict(Id=gid(), Sku=f'BENCH-{i:03}', Name=f'Bench product {i}', Description='', UnitPrice='9.5',
                 Stock=1_000_000, Version=1, UpdatedAt=at(0)) for i in range(20)]
insert(catalog, 'products', products)
o, l, oo, oi, r, rl, co, ci = [], [], [], [], [], [], [], []
for i in range(orders):
    order, customer, placed, reserved = gid(), gid(), gid(), gid()
    lines = rng.sample(products, 2)
    o.append(dict(Id=order, CustomerId=customer, IdempotencyKey=f'orders:{order}', Status='Confirmed', Total='19.0', Currency='EUR',
                  ShippingAddress_Name='Ada Lovelace', ShippingAddress_Line1='1 Analytical St', ShippingAddress_City='London',
                  ShippingAddress_PostalCode='N1 7AA', ShippingAddress_Country='GB', CreatedAt=at(i), UpdatedAt=at(i, 1), Version=2))
    r.append(dict(OrderId=order, Status='Reserved', UpdatedAt=at(i, 1)))
    for p in lines:
        l.append(dict(ProductId=p['Id'], OrderId=order, Sku=p['Sku'], Name=p['Name'], UnitPrice='9.5', Quantity=1))
        rl.append(dict(ProductId=p['Id'], OrderId=order, Quantity=1))
    payload = '{"orderId":"%s","customerId":"%s","lines":[%s]}' % (order.lower(), customer.lower(),
        ','.join('{"productId":"%s","quantity":1}' % p['Id'].lower() for p in lines))
    oo.append(dict(Id=placed, Type='Ordering.Contracts.OrderPlaced', Payload=payload, OccurredAt=at(i), NextAttemptAt=at(i), ProcessedAt=at(i, 1)))
    ci.append(dict(EventId=placed, Consumer='Catalog.Features.Stock.ReserveStockForOrder', HandledAt=at(i, 1)))
    co.append(dict(Id=reserved, Type='Catalog.Contracts.StockReserved', Payload='{"orderId":"%s"}' % order.lower(),
                   OccurredAt=at(i, 1), NextAttemptAt=at(i, 1), ProcessedAt=at(i, 2)))
    oi.append(dict(EventId=reserved, Consumer='Ordering.Features.Saga.ConfirmOrderOnStockReserved', HandledAt=at(i, 2)))
for db, rows in ((ordering, [('orders', o), ('order_lines', l), ('outbox_messages', oo), ('inbox_messages', oi)]),
                 (catalog, [('stock_reservations', r), ('stock_reservation_lines', rl), ('outbox_messages', co), ('inbox_messages', ci)])):
    for table, batch in rows:
        insert(db, table, batch)
    db.commit()
print(f'seeded {orders} orders: {sum(map(len, (o, l, oo, oi, r, rl, co, ci))) + len(products)} rows', file=sys.stderr)
