/**
 * Raw rows in the header layouts of which no real sample is stored (fixtures/trips/raw holds real
 * excerpts of the others). Hand-written with the TLC's exact header lines; the values are
 * plausible, not real trips.
 */
export const YELLOW_2009 = `vendor_name,Trip_Pickup_DateTime,Trip_Dropoff_DateTime,Passenger_Count,Trip_Distance,Start_Lon,Start_Lat,Rate_Code,store_and_forward,End_Lon,End_Lat,Payment_Type,Fare_Amt,surcharge,mta_tax,Tip_Amt,Tolls_Amt,Total_Amt
VTS,2009-01-04 02:52:00,2009-01-04 03:02:00,1,2.63,-73.991957,40.721567,,,-73.993803,40.695922,CASH,8.9,0.5,,0,0,9.4
CMT,2009-01-04 02:40:00,2009-01-04 02:45:00,2,0.4,-73.98,40.75,,,-73.97,40.76,Credit,4.5,0,,1,0,5.5
`;

/** The 2014 files: spaces after the commas in the header, an empty second line, CRLF. */
export const YELLOW_2010 =
  'vendor_id, pickup_datetime, dropoff_datetime, passenger_count, trip_distance, pickup_longitude, pickup_latitude, rate_code, store_and_fwd_flag, dropoff_longitude, dropoff_latitude, payment_type, fare_amount, surcharge, mta_tax, tip_amount, tolls_amount, total_amount\r\n' +
  '\r\n' +
  'CMT,2014-01-09 20:45:25,2014-01-09 20:52:31,1,0.69999999999999996,-73.994770000000003,40.736828000000003,1,N,-73.982226999999995,40.731789999999997,CRD,6.5,0.5,0.5,1.3999999999999999,0,8.9000000000000004\r\n' +
  'CMT,2014-01-09 20:46:12,2014-01-09 20:55:12,2,1.2,-73.982392000000004,40.773381999999998,1,N,-73.960448999999997,40.777464999999999,CSH,8.5,0.5,0.5,0,0,9.5\r\n';

/** Green 2015: trailing commas on the rows, a trailing space in the header. */
export const GREEN = `VendorID,lpep_pickup_datetime,Lpep_dropoff_datetime,Store_and_fwd_flag,RateCodeID,Pickup_longitude,Pickup_latitude,Dropoff_longitude,Dropoff_latitude,Passenger_count,Trip_distance,Fare_amount,Extra,MTA_tax,Tip_amount,Tolls_amount,Ehail_fee,improvement_surcharge,Total_amount,Payment_type,Trip_type 
2,2015-01-01 00:34:42,2015-01-01 00:38:34,N,1,-73.922592163085938,40.754528045654297,-73.91363525390625,40.765522003173828,1,.88,5,0.5,0.5,0,0,,0.3,6.3,2,1,,
2,2015-01-01 00:34:46,2015-01-01 00:47:23,N,1,-73.952751159667969,40.677711486816406,-73.981529235839844,40.658977508544922,1,3.08,12,0.5,0.5,0,0,,0.3,13.3,2,1,,
`;

/** The layout after June 2016: zones instead of coordinates. */
export const YELLOW_2017 = `VendorID,tpep_pickup_datetime,tpep_dropoff_datetime,passenger_count,trip_distance,RatecodeID,store_and_fwd_flag,PULocationID,DOLocationID,payment_type,fare_amount,extra,mta_tax,tip_amount,tolls_amount,improvement_surcharge,total_amount
1,2017-01-09 11:13:28,2017-01-09 11:25:45,1,3.30,1,N,263,161,1,12.5,0,0.5,2,0,0.3,15.3
`;
